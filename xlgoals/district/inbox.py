"""The folders a server may read for 汇总各部门: only under a root the administrator configures.

On xlwings Server the workbook names the folder, and the workbook comes from whoever can reach
the server. So the name is taken as a folder *inside* the inbox (`XLGOALS_INBOX`), never as a
path of the server: absolute paths, `..`, and links that lead out of the inbox are refused, and
so is a folder with more files or bytes than one request may read (`XLGOALS_MAX_FILES`,
`XLGOALS_MAX_MB`). A refusal says why, in words for the clerk; nothing is read then.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from xlgoals.reading.safety import EXCEL_SUFFIXES

INBOX_ENV, MAX_FILES_ENV, MAX_MB_ENV = "XLGOALS_INBOX", "XLGOALS_MAX_FILES", "XLGOALS_MAX_MB"
DEFAULT_MAX_FILES = 2000
DEFAULT_MAX_MB = 500


class InboxRefused(ValueError):
    """A folder the server will not read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Inbox:
    root: Path
    #: every file seen counts (a department's PDFs too): the walk itself must stay short
    max_files: int = DEFAULT_MAX_FILES
    #: the workbooks' sizes together
    max_bytes: int = DEFAULT_MAX_MB * 2**20

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Inbox | None:
        """The inbox the administrator set, or None when there is none."""
        root = environ.get(INBOX_ENV, "").strip()
        if not root:
            return None
        return cls(
            Path(root),
            max_files=int(environ.get(MAX_FILES_ENV) or DEFAULT_MAX_FILES),
            max_bytes=int(float(environ.get(MAX_MB_ENV) or DEFAULT_MAX_MB) * 2**20),
        )

    def folder(self, name: str) -> Path:
        """The folder `name` (as written in the workbook) inside the inbox, or InboxRefused."""
        text = str(name).strip()
        if not text:
            raise InboxRefused("请填写收件箱中各部门报表所在的文件夹名")
        if _is_absolute(text):
            raise InboxRefused(
                f"“{text}”是服务器上的完整路径：请只填写收件箱中的文件夹名，如“2025年/东湖区”"
            )
        parts = [p for p in re.split(r"[\\/]+", text) if p not in ("", ".")]
        if ".." in parts:
            raise InboxRefused(f"“{text}”含有“..”：只能读取收件箱中的文件夹")
        root = self.root.resolve()
        folder = root.joinpath(*parts)
        if not folder.is_dir():
            raise InboxRefused(f"收件箱中没有文件夹“{text}”")
        if not _inside(folder.resolve(), root):
            raise InboxRefused(f"“{text}”是指向收件箱以外的链接，不能读取")
        return folder

    def workbooks(self, name: str) -> list[Path]:
        """The workbooks of folder `name` (sub-folders too), checked against the limits."""
        folder, root = self.folder(name), self.root.resolve()
        found: list[Path] = []
        seen = size = 0
        for where, _dirs, names in os.walk(folder):  # does not follow links to folders
            for entry in names:
                seen += 1
                if seen > self.max_files:
                    raise InboxRefused(
                        f"文件夹“{name}”中的文件超过 {self.max_files} 个：请分批汇总，"
                        "或请管理员调整上限（XLGOALS_MAX_FILES）"
                    )
                path = Path(where, entry)
                if path.suffix.lower() not in EXCEL_SUFFIXES:
                    continue
                if not _inside(path.resolve(), root):
                    raise InboxRefused(
                        f"“{path.relative_to(root)}”是指向收件箱以外的链接，不能读取"
                    )
                size += path.stat().st_size
                if size > self.max_bytes:
                    raise InboxRefused(
                        f"文件夹“{name}”中的工作簿合计超过 {self.max_bytes // 2**20} MB："
                        "请分批汇总，或请管理员调整上限（XLGOALS_MAX_MB）"
                    )
                found.append(path)
        return sorted(found)


def _is_absolute(text: str) -> bool:
    windows = PureWindowsPath(text)
    return PurePosixPath(text).is_absolute() or bool(windows.drive or windows.root)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
