"""The exchange user an account acts as.

The exchange knows its own users (each acting for a member; the access policy names them on
TLP:RED items and the audit chain records them). A web user is an account; the first time it
opens the inbox, an exchange user of the same member is registered for it through the
exchange service (its bearer token is discarded: the account's own credentials are the only
way in) and the link is kept in `web_exchange_users`. Every later read and write acts as that
exchange user, so the exchange's policy and audit apply to the analyst by name.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Column, DateTime, ForeignKey, String, Table

from coalition.accounts import Principal as Account
from coalition.exchange import ExchangeService
from coalition.exchange import Principal as ExchangePrincipal
from coalition.store.tables import metadata

links = Table(
    "web_exchange_users",
    metadata,
    Column("account_user_id", String(32), ForeignKey("accounts_users.id"), primary_key=True),
    Column("exchange_user_id", String(64), ForeignKey("exchange_users.id"), nullable=False,
           unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def _linked(engine: sa.Engine, account_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(sa.select(links.c.exchange_user_id)
                            .where(links.c.account_user_id == account_id)).scalar_one_or_none()


def exchange_principal(exchange: ExchangeService, account: Account) -> ExchangePrincipal:
    """The exchange principal of an account: its member and its linked exchange user."""
    engine = exchange.engine
    user_id = _linked(engine, account.user_id)
    if user_id is None:
        user, _token = exchange.create_user(account.member_id, account.username)
        try:
            with engine.begin() as conn:
                conn.execute(links.insert().values(account_user_id=account.user_id,
                                                   exchange_user_id=user.id,
                                                   created_at=datetime.now(UTC)))
            user_id = user.id
        except sa.exc.IntegrityError:  # a concurrent first request linked it meanwhile
            user_id = _linked(engine, account.user_id)
    return ExchangePrincipal(member=account.member_id, user=user_id)
