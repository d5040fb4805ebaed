"""xlwings-server auth provider `xlgoals_token`: the shared token of `xlgoals.server.token`."""

from fastapi import HTTPException
from xlwings_server.models import User

from xlgoals.server import token


async def validate_token(token_string: str) -> User:
    try:
        token.check(token_string)
    except token.Refused as refused:
        raise HTTPException(status_code=refused.status, detail=refused.message) from None
    return User(id="xlgoals-token", name="xlgoals shared token")
