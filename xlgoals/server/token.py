"""The shared-token mode: for an intranet without Entra ID, every request for an action carries
`Authorization: <token>` (or `Bearer <token>`), one the administrator set in `XLGOALS_TOKEN`
(several: separated by commas, e.g. one per bureau, so one can be withdrawn alone).

A server with no token and no other authentication refuses every action, unless the
administrator says `XLGOALS_AUTH=none` (a test bench); xlwings-server's own providers
(`XLWINGS_AUTH_PROVIDERS`, e.g. Entra ID) stand instead of the token when set.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping

TOKEN_ENV, AUTH_ENV = "XLGOALS_TOKEN", "XLGOALS_AUTH"
MIN_LENGTH = 16


class Refused(Exception):
    """An action request the server does not run: HTTP `status` and a message for the clerk."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def tokens(environ: Mapping[str, str] = os.environ) -> list[str]:
    return [t.strip() for t in environ.get(TOKEN_ENV, "").split(",") if t.strip()]


def is_open(environ: Mapping[str, str] = os.environ) -> bool:
    """True only when the administrator turned authentication off on purpose."""
    return environ.get(AUTH_ENV, "").strip().lower() == "none"


def check(authorization: str | None, environ: Mapping[str, str] = os.environ) -> None:
    """Raise Refused unless `authorization` (the header's value) carries a configured token."""
    if is_open(environ):
        return
    known = tokens(environ)
    if not known:
        raise Refused(503, f"服务器没有设置访问口令（{TOKEN_ENV}），暂不能使用：请联系管理员")
    if any(len(t) < MIN_LENGTH for t in known):
        raise Refused(503, f"服务器的访问口令（{TOKEN_ENV}）太短，暂不能使用：请联系管理员")
    given = (authorization or "").strip()
    if given.lower().startswith("bearer "):
        given = given[7:].strip()
    # compare every token, each in constant time: no timing tells which one nearly matched
    matches = [hmac.compare_digest(given.encode(), t.encode()) for t in known]
    if not given or not any(matches):
        raise Refused(401, "访问口令不对或没有填写：请在任务窗格中填写管理员给的口令")
