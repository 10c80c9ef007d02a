"""The TOML store: file format, atomic saves, changed-on-disk protection, malformed files."""

import os
import re
import tomllib
from pathlib import Path

import pytest

from store import ConflictError, Declaration, Store, Stored, StoreError, dumps, read
from store.files import MAX_STEM, safe_stem

FORM = {
    "year": 2021,
    "region": "西夏区",
    "project": "全民健身赛事",
    "department": "银川市西夏区文化旅游体育广电局",
    "department_code": "120",
    "implementer": "西夏区体育中心",
    "implementer_code": "120002",
    "attribute": "延续性项目",
    "attribute_code": "03",
    "period": "2021-2021",
    "goal": "全年举办全民健身赛事12场，参与群众不少于5000人次。",
    "funds": {"total": 450000, "fiscal": 400000, "other": 50000},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "举办赛事场次", "value": "≥12场"},
        {"level1": "产出指标", "level2": "成本指标", "name": "项目总成本", "value": "≤45万元"},
    ],
}


def declaration(**changes) -> Declaration:
    return Declaration.model_validate({**FORM, **changes})


def test_file_has_exactly_the_documented_keys():
    data = tomllib.loads(dumps(declaration()))
    assert list(data) == ["year", "region", "project", "department", "department_code", "implementer",
                          "implementer_code", "attribute", "attribute_code", "period", "goal", "funds", "indicators"]
    assert data["funds"] == {"total": 450000, "fiscal": 400000, "other": 50000}
    assert list(data["indicators"][0]) == ["level1", "level2", "name", "value"]
    text = dumps(declaration())
    assert "[funds]" in text and text.count("[[indicators]]") == 2


def test_levels_lose_decorations_and_spaces():
    d = declaration(indicators=[{"level1": "满意度指标", "level2": "服务对象满意度 指标 (必填)", "name": "满意度", "value": "≥90%"}])
    assert d.indicators[0].level2 == "服务对象满意度指标"


def test_goal_html_and_amount_types():
    d = declaration(goal="<p>1. 甲;</p> <p>2. 乙&amp;丙</p>", funds={"total": 40.50, "fiscal": 40.5, "other": 0})
    assert d.goal == "1. 甲;\n2. 乙&丙"
    assert d.funds.total == 40.5
    assert isinstance(declaration().funds.total, int)


def test_parsed_value_is_available_from_the_model():
    assert declaration().indicators[1].parsed.money_yuan == 450000


def test_save_and_load(tmp_path):
    store = Store(tmp_path)
    path = store.new_path("全民健身赛事")
    saved = store.save(Stored(path, declaration(), None))
    assert read(path).declaration == declaration()
    assert read(path).digest == saved.digest
    assert [p.name for p in tmp_path.iterdir()] == ["全民健身赛事.toml"]  # no temp files left


def test_save_refuses_a_file_changed_on_disk(tmp_path):
    store = Store(tmp_path)
    saved = store.save(Stored(tmp_path / "a.toml", declaration(), None))
    theirs = dumps(declaration(project="别人改过的")).encode()
    (tmp_path / "a.toml").write_bytes(theirs)
    with pytest.raises(ConflictError) as caught:
        store.save(saved, declaration(project="我的修改"))
    assert "a.toml" in str(caught.value)
    assert (tmp_path / "a.toml").read_bytes() == theirs  # their change is not lost
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


def test_save_refuses_to_create_over_an_existing_file(tmp_path):
    (tmp_path / "a.toml").write_text("year = 2020\n", encoding="utf-8")
    with pytest.raises(ConflictError):
        Store(tmp_path).save(Stored(tmp_path / "a.toml", declaration(), None))
    assert (tmp_path / "a.toml").read_text(encoding="utf-8") == "year = 2020\n"


def test_save_refuses_a_file_deleted_since_loading(tmp_path):
    store = Store(tmp_path)
    saved = store.save(Stored(tmp_path / "a.toml", declaration(), None))
    (tmp_path / "a.toml").unlink()
    with pytest.raises(ConflictError):
        store.save(saved)


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    store = Store(tmp_path)
    saved = store.save(Stored(tmp_path / "a.toml", declaration(), None))
    before = (tmp_path / "a.toml").read_bytes()

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.save(saved, declaration(project="新名字"))
    assert (tmp_path / "a.toml").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


def test_malformed_toml_names_file_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('year = 2020\nproject = "x"\nregion = \n', encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        read(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: ")
    assert "\n" not in str(caught.value)


def test_invalid_value_names_the_line_of_the_key(tmp_path):
    text = dumps(declaration()).replace('value = "≤45万元"', "value = 45")
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        read(path)
    line = text.splitlines()[caught.value.line - 1]
    assert line == "value = 45"
    assert "indicators[1].value" in caught.value.reason


def test_unknown_key_is_an_error(tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text(dumps(declaration()).replace("period =", "periode ="), encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        read(path)
    assert "periode" in caught.value.reason and caught.value.line == 10


def test_a_bad_file_never_stops_the_others(tmp_path):
    store = Store(tmp_path)
    store.save(Stored(tmp_path / "2021" / "文体" / "a.toml", declaration(), None))
    (tmp_path / "b.toml").write_bytes(b"\xff\xfe\x00binary")
    (tmp_path / "c.toml").write_text("year = [", encoding="utf-8")
    (tmp_path / "jixiao.toml").write_text("[lint]\n", encoding="utf-8")  # config, not a form
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.toml").write_text("junk", encoding="utf-8")
    loaded, errors = store.load_all()
    assert [s.path.name for s in loaded] == ["a.toml"]
    assert sorted(e.path.name for e in errors) == ["b.toml", "c.toml"]


@pytest.mark.parametrize(
    "project, expected",
    [
        ("非公经济组织和社会组织党建经费", "非公经济组织和社会组织党建经费"),
        ("a/b\\c", "a_b_c"),
        ("../../etc/passwd", "etc_passwd"),
        ("名称\x00带\n控制字符", "名称带控制字符"),
        ("CON", "_CON"),
        ("...", "未命名项目"),
    ],
)
def test_safe_file_names(project, expected):
    assert safe_stem(project) == expected


def test_file_names_are_bounded_and_unique(tmp_path):
    store = Store(tmp_path)
    long_name = "很长的项目名称" * 40
    first = store.new_path(long_name)
    assert len(first.stem) <= MAX_STEM and len(first.name.encode()) < 255
    store.save(Stored(first, declaration(project=long_name), None))
    second = store.new_path(long_name)
    assert second != first and second.name.endswith("-2.toml")


def test_saved_files_get_normal_permissions_and_keep_them(tmp_path):
    store = Store(tmp_path)
    saved = store.save(Stored(tmp_path / "a.toml", declaration(), None))
    assert (tmp_path / "a.toml").stat().st_mode & 0o777 == 0o666 & ~_umask()
    os.chmod(tmp_path / "a.toml", 0o640)
    store.save(saved, declaration(project="改"))
    assert (tmp_path / "a.toml").stat().st_mode & 0o777 == 0o640


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_atomic_write_never_replaces_a_device_fifo_or_symlink(tmp_path):
    from store.files import write_atomic

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"through the pipe")
    reader.join(5)
    assert got == [b"through the pipe"] and fifo.is_fifo()

    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"

    write_atomic(Path(os.devnull), b"discarded")
    assert Path(os.devnull).is_char_device()


@pytest.mark.parametrize("text, reason", [
    ('project = [', "值无效"), ('year = 2020\nyear = 2021', "同一个键出现了两次"), ('project = "x', "引号没有配对"),
    ('project = "x" y', "一行只能写一个"), ('project', "键后面缺少“=”"), ('"a\nb" = 1', "不允许的字符"),
    ('project = "\\q"', "反斜杠"), ('funds = {total = 1', "花括号"),
])
def test_a_toml_syntax_error_is_said_in_chinese_with_its_line(tmp_path, text, reason):
    from store.files import parse

    with pytest.raises(StoreError) as caught:
        parse(tmp_path / "f.toml", text.encode("utf-8"))
    message = str(caught.value)
    assert "TOML 语法错误：" in message and reason in message and re.search(r"f\.toml:[12]: ", message)
    assert not re.search(r"[A-Za-z]{4,}", message.split("语法错误：", 1)[1])  # no English left
