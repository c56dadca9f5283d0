# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan file filters: webex_people's plan entries into the versioned plan document, and that into Markdown."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.webexops.identity.plugins.module_utils.person.plan_report import plan_document, plan_markdown


def plan_document_filter(entries, unchanged=0, check_mode=True):
    """The plan document (docs/plan-file.md) from webex_people's plan entries."""
    if not isinstance(entries, list):
        raise AnsibleFilterError("plan_document takes the list of webex_people's plan entries, not %s." % type(entries).__name__)
    return plan_document(entries, int(unchanged), bool(check_mode))


def plan_markdown_filter(document, title="Webex plan"):
    """The plan document as Markdown for a pull-request comment."""
    if not isinstance(document, dict) or "counts" not in document:
        raise AnsibleFilterError("plan_markdown takes a plan document (the output of plan_document).")
    return plan_markdown(document, str(title))


class FilterModule:
    """The plan filters."""

    def filters(self):
        return {"plan_document": plan_document_filter, "plan_markdown": plan_markdown_filter}
