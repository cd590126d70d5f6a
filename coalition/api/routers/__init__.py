"""One router per module, each exposing `router: APIRouter`; listed in coalition.api.app.ROUTERS."""
