"""The analysts' web application: server-rendered pages (Jinja2) over the services.

    web_router(secret)   the router create_app mounts under /ui (router.py)
    session.py           the signed session cookie and CSRF tokens
    routing.py           PageRoute: errors as pages, log-in redirects, security headers
    deps.py              the viewer, role checks, the app's services
    pages/               one module per page: auth, screen, dossier, joint, inbox, lists, news
"""

from coalition.web.router import web_router

__all__ = ["web_router"]
