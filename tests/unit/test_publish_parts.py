"""The pure parts of `invoke publish`, without ssh: the target and its settings, the guards
that refuse a folder holding more than the site, rsync's itemized report (from a real
local rsync run) and the server's answer to the read-only look at the target."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sitetools.publish.errors import PublishError
from sitetools.publish.remote import (
    RSYNC_OPTIONS,
    RemoteState,
    explain,
    guard,
    held_message,
    lock_holder,
    parse_rsync,
    parse_state,
)
from sitetools.publish.target import (
    Setting,
    Target,
    load_config,
    lookup,
    parse_flag,
    parse_target,
    read_deploy_local,
)
from sitetools.publish.upload import human_bytes, new_release_name


def target(value: str) -> Target:
    return parse_target(Setting(value, "--target"))


# --- the target ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "host", "path"),
    [
        (
            "tunnus@palvelin.fi:/home/tunnus/public_html/",
            "tunnus@palvelin.fi",
            "/home/tunnus/public_html",
        ),
        ("webhotelli:public_html/", "webhotelli", "public_html"),
        ("webhotelli:~/public_html", "webhotelli", "public_html"),
        ("webhotelli://srv//www/./sivu/", "webhotelli", "/srv/www/sivu"),
        ("webhotelli:/srv/www/../sivu/", "webhotelli", "/srv/sivu"),
    ],
)
def test_parse_target_accepts_and_normalises_a_folder(value, host, path):
    parsed = target(value)
    assert (parsed.host, parsed.path) == (host, path)
    assert str(parsed) == f"{host}:{path}/"
    assert parsed.remote("releases", "x") == f"{host}:{path}/releases/x/"


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("", "kohde on tyhjä"),
        ("   ", "kohde on tyhjä"),
        ("palvelin:/", "juurikansio"),
        ("palvelin:/tmp/../", "juurikansio"),
        ("palvelin:///", "juurikansio"),
        ("palvelin:", "kotikansiosi"),
        ("palvelin:~", "kotikansiosi"),
        ("palvelin:~/", "kotikansiosi"),
        ("palvelin:.", "kotikansiosi"),
        ("palvelin:./", "kotikansiosi"),
        ("palvelin", "puuttuu palvelin tai kansion polku"),
        ("/home/tunnus/public_html", "puuttuu palvelin tai kansion polku"),
        ("palvelin:../muut/", "kotikansion ulkopuolelle"),
        ("palvelin:~toinen/www", "koko polkuna"),
        ("rsync://palvelin/moduuli", "rsync-palvelimen osoite"),
        ("palvelin::moduuli", "rsync-palvelimen osoite"),
    ],
)
def test_parse_target_refuses_what_could_hold_more_than_the_site(value, phrase):
    with pytest.raises(PublishError, match=phrase) as err:
        target(value)
    assert str(err.value).startswith("--target:")


@pytest.mark.parametrize(
    "value",
    [
        "-oProxyCommand=touch${IFS}x:/www/",
        " -oProxyCommand=x:/www/",
        "\t-oProxyCommand=x:www/",
        "--:/www/",
        "-:/www/",
        "-F/dev/null:www/",
        "tunnus@-oProxyCommand=x:/www/",
        "-tunnus@palvelin.fi:/www/",
        "@-palvelin:/www/",
    ],
)
def test_a_host_that_ssh_would_read_as_an_option_is_refused(value):
    with pytest.raises(PublishError, match="palvelimen nimi .* alkaa viivalla") as err:
        target(value)
    assert str(err.value).startswith("--target:")


@pytest.mark.parametrize(
    "value",
    ["palvelin:-delete", "palvelin:~/-rf/", "palvelin:--/www/", "palvelin:./-x", " palvelin: -y"],
)
def test_a_folder_that_server_commands_would_read_as_an_option_is_refused(value):
    with pytest.raises(PublishError, match="kansio .* alkaa viivalla") as err:
        target(value)
    assert "find -delete" in str(err.value)


def test_no_target_says_where_to_write_one():
    with pytest.raises(PublishError, match="deploy.local") as err:
        parse_target(None)
    assert "DEPLOY_TARGET=" in str(err.value)


def test_deploy_local_lines_comments_and_mistakes(tmp_path):
    local = tmp_path / "deploy.local"
    assert read_deploy_local(local) == {}
    local.write_text(
        "# kohde\n\nDEPLOY_TARGET = 'palvelin:www/'\nDEPLOY_ATOMIC=kyllä\n", encoding="utf-8"
    )
    found = read_deploy_local(local)
    assert found["DEPLOY_TARGET"] == Setting("palvelin:www/", "deploy.local, rivi 3")
    assert found["DEPLOY_ATOMIC"].value == "kyllä"
    local.write_text("KOHDE=palvelin:www/\n", encoding="utf-8")
    with pytest.raises(PublishError, match="deploy.local, rivi 1: en ymmärrä"):
        read_deploy_local(local)


def test_option_wins_over_environment_wins_over_deploy_local():
    local = {"DEPLOY_TARGET": Setting("c:x/", "deploy.local, rivi 1")}
    environ = {"DEPLOY_TARGET": "b:x/"}
    assert lookup("DEPLOY_TARGET", "a:x/", environ, local) == Setting("a:x/", "--target")
    assert lookup("DEPLOY_TARGET", None, environ, local).source == "ympäristömuuttuja DEPLOY_TARGET"
    assert lookup("DEPLOY_TARGET", None, {}, local) is local["DEPLOY_TARGET"]
    assert lookup("PUBLISH_SSH_CONFIG", "f", {}, {}).source == "--ssh-config"


def test_flags_in_finnish_and_english():
    assert parse_flag(None) is False
    for yes in ("kyllä", "Kylla", "yes", "1", "on", "true"):
        assert parse_flag(Setting(yes, "x")) is True
    for no in ("ei", "no", "0", "", "off"):
        assert parse_flag(Setting(no, "x")) is False
    with pytest.raises(PublishError, match="ei ole kyllä tai ei"):
        parse_flag(Setting("ehkä", "deploy.local, rivi 2"))


def test_missing_ssh_config_file_is_named(tmp_path):
    with pytest.raises(PublishError, match="SSH-asetustiedostoa"):
        load_config(tmp_path, target="a:www/", ssh_config=str(tmp_path / "ei-ole"))


# --- the guards -----------------------------------------------------------------------------


def state(**fields) -> RemoteState:
    defaults = {"kind": "dir", "resolved": "/srv/www", "start": "/home/t", "home": "/home/t"}
    return RemoteState(**{**defaults, **fields})


def refuse(remote: RemoteState, phrase: str, **options) -> None:
    options = {"atomic": False, "force": False, "dry_run": False, **options}
    with pytest.raises(PublishError, match=phrase):
        guard(remote, target("palvelin:/srv/www/"), **options)


def test_guard_passes_an_empty_new_or_marked_folder():
    plain = {"atomic": False, "force": False, "dry_run": False}
    www = target("palvelin:/srv/www/")
    assert guard(state(kind="none", resolved=""), www, **plain) == ""
    assert guard(state(), www, **plain) == ""
    assert guard(state(nonempty=True, marker=True), www, **plain) == ""
    assert guard(state(nonempty=True), www, **{**plain, "force": True}) == ""


def test_guard_refuses_home_root_files_and_foreign_folders():
    refuse(state(resolved="/home/t"), "kotikansiosi")
    refuse(state(resolved="/home"), "kotikansiosi")
    refuse(state(resolved="/"), "kotikansiosi")
    refuse(state(kind="other"), "tiedosto, ei kansio")
    refuse(state(nonempty=True), "--force")
    refuse(state(current_other=True), "current", atomic=True)
    refuse(state(current="releases/20240101-000000", releases=["20240101-000000"]), "--atomic")


def test_guard_only_warns_in_a_dry_run():
    warning = guard(
        state(nonempty=True), target("palvelin:/srv/www/"), atomic=False, force=False, dry_run=True
    )
    assert warning.startswith("Huom:") and "--force" in warning


def test_server_answer_is_read_line_by_line():
    answer = (
        "start=/home/t\nhome=/home/t\nkind=dir\nresolved=/srv/www\nmarker=1\nnonempty=1\n"
        "current=releases/20240102-000000\nrelease=20240102-000000\nrelease=20240101-000000-2\n"
        "release=20240101-000000\nrelease=sotkua\ndone=1\n"
    )
    found = parse_state(answer)
    assert found.kind == "dir" and found.marker and found.nonempty
    assert found.releases == ["20240101-000000", "20240101-000000-2", "20240102-000000"]
    assert found.current_release == "20240102-000000"
    assert parse_state("kind=dir\ncurrent=releases/poistettu\n").current_release is None


def test_release_names_sort_after_the_newest_even_with_a_slow_clock():
    now = 1717150000.0  # 2024-05-31 10:06:40 UTC
    assert new_release_name([], now) == "20240531-100640"
    assert new_release_name(["20240531-100640"], now) == "20240531-100640-1"
    assert new_release_name(["20250101-000000-3"], now) == "20250101-000000-4"


# --- rsync's report --------------------------------------------------------------------------


def rsync(src: Path, dest: Path, *extra: str) -> str:
    cmd = ["rsync", *RSYNC_OPTIONS, *extra, f"{src}/", f"{dest}/"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return proc.stdout


def test_rsync_report_names_added_changed_and_deleted_files(tmp_path):
    src, dest = tmp_path / "site", tmp_path / "www"
    (src / "blogi" / "uusi").mkdir(parents=True)
    (src / "index.html").write_text("etusivu\n")
    (src / "vanha.html").write_text("vanha\n")
    (src / "ääkköset ja välit.html").write_text("nimi\n")
    first = parse_rsync(rsync(src, dest))
    assert sorted(first.added) == ["index.html", "vanha.html", "ääkköset ja välit.html"]
    assert first.changed == [] and first.deleted == []
    assert first.files_sent == 3 and first.bytes_sent > 0

    (src / "index.html").write_text("etusivu muuttui\n")
    (src / "vanha.html").unlink()
    (src / "blogi" / "uusi" / "index.html").write_text("uusi\n")
    second = parse_rsync(rsync(src, dest))
    assert second.added == ["blogi/uusi/index.html"]
    assert second.changed == ["index.html"]
    assert second.deleted == ["vanha.html"]
    assert second.files_sent == 2

    same = parse_rsync(rsync(src, dest))
    assert same.added == same.changed == same.deleted == [] and same.files_sent == 0

    (src / "index.html").write_text("kokeilu\n")
    dry = parse_rsync(rsync(src, dest, "--dry-run"))
    assert dry.changed == ["index.html"]
    assert (dest / "index.html").read_text() == "etusivu muuttui\n"


def test_sizes_in_finnish():
    assert human_bytes(1) == "1 tavu"
    assert human_bytes(999) == "999 tavua"
    assert human_bytes(1000) == "1,0 kt"
    assert human_bytes(34_567) == "34,6 kt"
    assert human_bytes(1_234_567) == "1,2 Mt"


def test_failure_reasons_in_finnish_with_the_technical_line():
    www = target("palvelin:/srv/www/")
    refused = explain(255, "ssh: connect to host x port 22: Connection refused\n", www)
    assert "ei ota vastaan SSH-yhteyksiä" in refused
    assert refused.endswith("(Tekninen viesti: ssh: connect to host x port 22: Connection refused)")
    assert "keskeytettiin" in explain(-9, "", www)
    assert "virhekoodiin 99" in explain(99, "", www)


@pytest.mark.parametrize(
    ("stderr", "phrase"),
    [
        (
            'rsync: [receiver] write failed on "/srv/www/a.bin": No space left on device (28)\n'
            "rsync error: error in file IO (code 11) at receiver.c(657) [receiver=3.5.0]\n",
            "levy on täynnä",
        ),
        ("mkdir: cannot create directory '/srv/www': Read-only file system\n", "vain luku"),
        ('rsync: [receiver] mkstemp "/srv/www/x" failed: Disk quota exceeded (122)\n', "kiintiö"),
        ('rsync: [receiver] mkstemp "/srv/www/x" failed: Permission denied (13)\n', "oikeutta"),
    ],
)
def test_the_disk_s_own_words_are_the_reason(stderr, phrase):
    said = explain(11, stderr, target("palvelin:/srv/www/"))
    assert phrase in said
    cause = next(line for line in stderr.splitlines() if "(" in line or "'" in line)
    assert f"(Tekninen viesti: {cause})" in said


def test_refused_login_is_not_taken_for_a_file_permission():
    said = explain(
        255, "tunnus@palvelin: Permission denied (publickey,password).\n", target("p:w/")
    )
    assert "ssh-copy-id" in said


def test_lock_holder_and_message():
    holder = lock_holder("token=abc\nstarted=1717149600\nmachine=läppäri\nheld=1\n")
    assert holder == (1717149600.0, "läppäri")  # 2024-05-31 10:00 UTC
    said = held_message(*holder, "palvelin:/srv/www/", "Europe/Helsinki")
    assert "aloitettiin 31.5.2024 klo 13.00 koneella läppäri" in said
    assert "31.5.2024 klo 14.00" in said  # stale an hour after the start
    assert "aloitusaika ei ole vielä tiedossa" in held_message(None, "", "x", "UTC")
    assert lock_holder("token=abc\nheld=1\n") == (None, "")  # its info not yet written
    # A stale lock taken over, but another run was quicker: the last info lines count.
    answer = "started=1\nmachine=vanha\nstale=1\nstarted=1717149600\nmachine=uusi\nheld=1\n"
    assert lock_holder(answer) == (1717149600.0, "uusi")
