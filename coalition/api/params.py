"""Bounds of query parameters shared by the routers and pages."""

# The largest integer the store keeps (a 64-bit signed column): a cursor, offset or tree size
# past it is refused as a bad request instead of failing in the database driver.
STORE_INT_MAX = 2**63 - 1
