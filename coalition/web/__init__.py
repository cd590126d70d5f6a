"""The analysts' web application: server-rendered pages (Jinja2) over the services.

    web_router(secret)   the router create_app mounts under /ui (router.py)
    session_secret       the cookie-signing secret from the settings (secret.py)
    session.py           the signed session cookie and CSRF tokens
    routing.py           PageRoute: errors as pages, log-in redirects, security headers
    deps.py              the viewer, role checks, the app's services
    pages/               one module per page: auth, screen, dossier, joint, inbox, lists, news
"""

from coalition.web.router import web_router
from coalition.web.secret import session_secret

__all__ = ["session_secret", "web_router"]
