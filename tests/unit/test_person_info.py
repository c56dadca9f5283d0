"""webex_person_info's pure parts: ids grouped as Webex takes them."""

from __future__ import annotations

from ansible_collections.webexops.identity.plugins.modules.webex_person_info import IDS_PER_REQUEST, id_groups


def test_ids_go_in_groups_of_85_without_blanks_or_repeats():
    ids = ["id-%03d" % n for n in range(171)]

    groups = id_groups(ids + [" id-000 ", "", "  "])

    assert IDS_PER_REQUEST == 85
    assert [len(group) for group in groups] == [85, 85, 1]
    assert [person_id for group in groups for person_id in group] == ids


def test_no_ids_make_no_group():
    assert id_groups([]) == [] and id_groups(["", " "]) == []
