"""The class hub receives plays: stored once, exactly as `vantage data import` would store them, and hostile
requests get a 4xx and change nothing."""
from __future__ import annotations

import copy
import socket
import time

from tests.serve.hub_helpers import new_cohort, post, running_hub, simulate_plays, table_rows


def _hub_and_plays(tmp_path, n=6):
    hub_dir, student = tmp_path / "hub", tmp_path / "student"
    code = new_cohort(hub_dir)
    plays = simulate_plays(student, code, n)
    return hub_dir, code, plays


def test_plays_arrive_once_even_when_a_batch_is_sent_again(tmp_path):
    hub_dir, code, plays = _hub_and_plays(tmp_path)
    with running_hub(hub_dir, code) as (_hub, url):
        status, body = post(url, {"pieces": [{"play": p} for p in plays]})
        assert status == 200, body
        added = body["events_added"]
        assert added == sum(len(p["events"]) for p in plays)
        first = table_rows(hub_dir)
        status, body = post(url, {"pieces": [{"play": p} for p in plays]})  # the answer was lost: sent again
        assert status == 200 and body == {"events_added": 0, "events_known": added, "plays_withdrawn": 0}
        assert table_rows(hub_dir) == first
    assert len(first["play_sessions"]) == len(plays)


def test_a_play_sent_in_pieces_ends_up_whole(tmp_path):
    hub_dir, code, plays = _hub_and_plays(tmp_path, 1)
    play = plays[0]
    start = {**copy.deepcopy(play), "ended_kind": None, "ending_id": None, "duration_ms": None,
             "events": play["events"][:3], "answers": play["answers"][:2]}
    rest = {**copy.deepcopy(play), "events": play["events"][3:], "answers": play["answers"][2:]}
    with running_hub(hub_dir, code) as (_hub, url):
        assert post(url, {"pieces": [{"play": start}]})[0] == 200
        assert post(url, {"pieces": [{"play": rest}]})[0] == 200
    rows = table_rows(hub_dir)
    assert len(rows["events"]) == len(play["events"]) and len(rows["questionnaire_answers"]) == len(play["answers"])
    assert rows["play_sessions"][0][13] == play["ended_kind"]


def test_withdrawal_deletes_the_play_and_a_late_copy_does_not_bring_it_back(tmp_path):
    hub_dir, code, plays = _hub_and_plays(tmp_path, 2)
    with running_hub(hub_dir, code) as (_hub, url):
        assert post(url, {"pieces": [{"play": p} for p in plays]})[0] == 200
        gone = plays[0]
        status, body = post(url, {"pieces": [{"withdraw": {"session_id": gone["session_id"],
                                                           "withdrawal_code": gone["withdrawal_code"]}}]})
        assert status == 200 and body["plays_withdrawn"] == 1
        assert post(url, {"pieces": [{"play": gone}]})[0] == 200  # a replayed older batch
    ids = [r[0] for r in table_rows(hub_dir)["play_sessions"]]
    assert ids == [plays[1]["session_id"]]


def _refused_and_unchanged(hub_dir, url, body, expect, **kw):
    before = table_rows(hub_dir)
    status, _ = post(url, body, **kw)
    assert status == expect
    assert table_rows(hub_dir) == before


def test_hostile_requests_get_4xx_and_change_nothing(tmp_path):
    hub_dir, code, plays = _hub_and_plays(tmp_path, 2)
    good = {"pieces": [{"play": plays[0]}]}
    with running_hub(hub_dir, code) as (_hub, url):
        _refused_and_unchanged(hub_dir, url, good, 401, token=None)
        _refused_and_unchanged(hub_dir, url, good, 401, token="CDFGH-JKMNQ")  # forged join code
        _refused_and_unchanged(hub_dir, url, "{not json", 422)
        _refused_and_unchanged(hub_dir, url, "NaN", 422)
        _refused_and_unchanged(hub_dir, url, {"pieces": []}, 422)
        _refused_and_unchanged(hub_dir, url, [1, 2], 422)
        _refused_and_unchanged(hub_dir, url, b"\xff\xfe", 422)
        _refused_and_unchanged(hub_dir, url, "[" * 100_000 + "]" * 100_000, 422)  # nesting bomb
        # free text smuggled into an id, a name field added, another classroom: refused like a bad bundle
        bad_id = {**plays[0], "events": [{**plays[0]["events"][0], "payload": {"scene_id": "My name is Ann Smith"}}]}
        _refused_and_unchanged(hub_dir, url, {"pieces": [{"play": bad_id}]}, 422)
        _refused_and_unchanged(hub_dir, url, {"pieces": [{"play": {**plays[0], "name": "Ann"}}]}, 422)
        _refused_and_unchanged(hub_dir, url, {"pieces": [{"play": {**plays[0], "cohort_code": "CDFGHJ"}}]}, 422)
        # one bad piece after a good one: nothing of the batch is stored
        _refused_and_unchanged(hub_dir, url, {"pieces": [{"play": plays[1]}, {"play": bad_id}]}, 422)
        # a play that takes another play's code once that play is here
        assert post(url, good)[0] == 200
        clash = {**plays[1], "withdrawal_code": plays[0]["withdrawal_code"]}
        _refused_and_unchanged(hub_dir, url, {"pieces": [{"play": clash}]}, 422)
        _refused_and_unchanged(hub_dir, url, {"pieces": [{"withdraw": {"session_id": "x"}}]}, 422)


def _raw(url: str, data: bytes, wait: float = 0.0) -> bytes:
    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(data)
        if wait:
            time.sleep(wait)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def test_odd_http_gets_4xx(tmp_path):
    hub_dir, code, _plays = _hub_and_plays(tmp_path, 1)
    with running_hub(hub_dir, code) as (_hub, url):
        no_length = (b"POST /api/plays HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer CDFGH-JKMNP\r\n"
                     b"Connection: close\r\n\r\n")
        assert _raw(url, no_length).startswith(b"HTTP/1.1 411")
        chunked = (b"POST /api/plays HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer CDFGH-JKMNP\r\n"
                   b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n")
        assert _raw(url, chunked).startswith(b"HTTP/1.1 411")
        # oversized: refused from its Content-Length, before a byte of the body is read
        huge = (b"POST /api/plays HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer CDFGH-JKMNP\r\n"
                b"Content-Length: 1048577\r\n\r\n")
        assert _raw(url, huge).startswith(b"HTTP/1.1 413")
        forged = huge.replace(b"CDFGH-JKMNP", b"CDFGH-JKMNQ").replace(b"1048577", b"10")
        assert _raw(url, forged + b"0123456789").startswith(b"HTTP/1.1 401")
        assert _raw(url, b"GET /etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(
            b"HTTP/1.1 404")
        assert _raw(url, b"DELETE /api/plays HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(
            b"HTTP/1.1 405")
        assert _raw(url, b"GET /?key=guess HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(
            b"HTTP/1.1 403")
        assert _raw(url, b"GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(
            b"HTTP/1.1 403")


def test_a_slow_client_is_cut_off_and_stores_nothing_while_others_are_served(tmp_path, monkeypatch):
    from tools.serve import hub as hubmod
    monkeypatch.setattr(hubmod.Handler, "timeout", 1.0)
    hub_dir, code, plays = _hub_and_plays(tmp_path, 1)
    with running_hub(hub_dir, code) as (_hub, url):
        host, port = url.split("//")[1].split(":")
        slow = socket.create_connection((host, int(port)), timeout=10)
        slow.sendall(b"POST /api/plays HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer CDFGH-JKMNP\r\n"
                     b"Content-Length: 5000\r\n\r\n{\"pie")  # then nothing more
        assert post(url, {"pieces": [{"play": plays[0]}]})[0] == 200  # others are not held up
        t0 = time.monotonic()
        assert slow.recv(100) == b""  # the hub hung up on it
        assert time.monotonic() - t0 < 8
        slow.close()
    assert len(table_rows(hub_dir)["play_sessions"]) == 1
