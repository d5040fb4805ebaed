"""汇总各部门 on a server reads only under the administrator's inbox: every way out is tried
(absolute paths, `..`, links to folders and to files outside), and so are the limits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xlgoals.district.inbox import Inbox, InboxRefused

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "departments"


@pytest.fixture
def inbox(tmp_path: Path) -> Inbox:
    """An inbox with one district's folder, and a secret folder beside the inbox."""
    root = tmp_path / "inbox"
    shutil.copytree(EXAMPLES, root / "2025年" / "东湖区")
    secret = tmp_path / "secret"
    secret.mkdir()
    shutil.copy(next(EXAMPLES.glob("*.xlsx")), secret / "别人的.xlsx")
    return Inbox(root)


def test_a_folder_of_the_inbox_is_read(inbox: Inbox) -> None:
    found = inbox.workbooks("2025年/东湖区")
    assert [p.name for p in found] == sorted(p.name for p in EXAMPLES.glob("*.xlsx"))
    assert inbox.workbooks("2025年\\东湖区") == found  # written the Windows way
    assert inbox.workbooks(" 2025年/./东湖区/ ") == found
    assert len(inbox.workbooks("2025年")) == len(found)  # sub-folders too


@pytest.mark.parametrize(
    "name, says",
    [
        ("", "请填写"),
        ("/etc", "完整路径"),
        ("/", "完整路径"),
        ("C:\\Windows", "完整路径"),
        ("\\\\fileserver\\share", "完整路径"),
        ("D:secret", "完整路径"),
        ("..", ".."),
        ("../secret", ".."),
        ("2025年/../../secret", ".."),
        ("2025年\\..\\..\\secret", ".."),
        ("没有这个文件夹", "没有文件夹"),
    ],
)
def test_ways_out_are_refused_with_a_reason(inbox: Inbox, name: str, says: str) -> None:
    with pytest.raises(InboxRefused, match=says):
        inbox.workbooks(name)


def test_the_absolute_path_of_the_inbox_itself_is_refused_too(inbox: Inbox) -> None:
    with pytest.raises(InboxRefused, match="完整路径"):
        inbox.workbooks(str(inbox.root / "2025年"))


def test_a_link_to_a_folder_outside_is_refused(inbox: Inbox) -> None:
    (inbox.root / "捷径").symlink_to(inbox.root.parent / "secret", target_is_directory=True)
    with pytest.raises(InboxRefused, match="收件箱以外"):
        inbox.workbooks("捷径")


def test_a_link_to_a_file_outside_is_refused(inbox: Inbox) -> None:
    link = inbox.root / "2025年" / "东湖区" / "夹带.xlsx"
    link.symlink_to(inbox.root.parent / "secret" / "别人的.xlsx")
    with pytest.raises(InboxRefused, match="收件箱以外"):
        inbox.workbooks("2025年/东湖区")


def test_a_link_inside_the_inbox_is_fine(inbox: Inbox) -> None:
    (inbox.root / "本年").symlink_to(inbox.root / "2025年", target_is_directory=True)
    assert len(inbox.workbooks("本年/东湖区")) == len(list(EXAMPLES.glob("*.xlsx")))


def test_an_inbox_that_is_itself_a_link_works(tmp_path: Path, inbox: Inbox) -> None:
    (tmp_path / "link").symlink_to(inbox.root, target_is_directory=True)
    linked = Inbox(tmp_path / "link").workbooks("2025年/东湖区")
    assert [p.name for p in linked] == [p.name for p in inbox.workbooks("2025年/东湖区")]


def test_too_many_files_stop_the_walk(inbox: Inbox) -> None:
    folder = inbox.root / "大"
    folder.mkdir()
    for n in range(30):
        (folder / f"附件{n}.pdf").write_bytes(b"%PDF")
    limited = Inbox(inbox.root, max_files=20)
    with pytest.raises(InboxRefused, match="超过 20 个"):
        limited.workbooks("大")
    assert len(Inbox(inbox.root, max_files=40).workbooks("大")) == 0


def test_too_many_bytes_are_refused(inbox: Inbox) -> None:
    size = sum(p.stat().st_size for p in EXAMPLES.glob("*.xlsx"))
    assert Inbox(inbox.root, max_bytes=size).workbooks("2025年/东湖区")
    with pytest.raises(InboxRefused, match="MB"):
        Inbox(inbox.root, max_bytes=size - 1).workbooks("2025年/东湖区")


def test_the_environment_sets_the_inbox_and_its_limits(tmp_path: Path) -> None:
    assert Inbox.from_environment({}) is None
    assert Inbox.from_environment({"XLGOALS_INBOX": " "}) is None
    inbox = Inbox.from_environment(
        {"XLGOALS_INBOX": str(tmp_path), "XLGOALS_MAX_FILES": "7", "XLGOALS_MAX_MB": "1.5"}
    )
    assert inbox == Inbox(tmp_path, max_files=7, max_bytes=int(1.5 * 2**20))
