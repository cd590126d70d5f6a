"""Accounts: users acting for a member with a role, API tokens (hashed) and web passwords.

    Accounts(store)     add_user, set_password, verify_password, issue_token, revoke_token,
                        authenticate(token) -> Principal, list_users (service.py)
    Principal           who calls: user_id, username, member_id, role
    Role                admin, analyst, screener
    hashing             SHA-256 of tokens, scrypt of passwords (hashing.py)
"""

from coalition.accounts.service import (
    Accounts,
    IssuedToken,
    Principal,
    Role,
    TokenInfo,
    User,
)

__all__ = ["Accounts", "IssuedToken", "Principal", "Role", "TokenInfo", "User"]
