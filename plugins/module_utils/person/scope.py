# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: which people a bulk run may offboard or gather, and the guards against mass deletion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Set, Tuple

from ansible_collections.webexops.identity.plugins.module_utils.person.states import STATES
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput

DEFAULT_MAX_DELETIONS = 5
# How many names a guard message lists before it says "and N more".
NAMES_SHOWN = 5


@dataclass(frozen=True)
class Scope:
    """The people a run may touch beyond its list: by email domain, by location, and never admins unless asked."""

    email_domains: Tuple[str, ...] = ()
    location_ids: Tuple[str, ...] = ()
    exclude_admins: bool = True

    def holds(self, person: Dict[str, Any], admin_ids: Set[str]) -> bool:
        """Whether a person (a list item) is inside the scope."""
        if person.get("type", "person") != "person":
            return False  # bots and guests are not people a users file manages
        if self.exclude_admins and person["id"] in admin_ids:
            return False
        if self.email_domains and email_domain(person) not in self.email_domains:
            return False
        if self.location_ids and person.get("locationId") not in self.location_ids:
            return False
        return True


def email_domain(person: Dict[str, Any]) -> str:
    emails = person.get("emails") or [""]
    return emails[0].rpartition("@")[2].lower()


def scope_from_params(params: Optional[Dict[str, Any]], location_ids: List[str]) -> Scope:
    """A Scope from the module's scope option; locations come already resolved to ids."""
    params = params or {}
    domains = tuple(str(d).strip().lstrip("@").lower() for d in params.get("email_domains") or [])
    exclude_admins = params.get("exclude_admins")
    return Scope(domains, tuple(location_ids), True if exclude_admins is None else bool(exclude_admins))


def check_empty_overridden(state: str, config: List[Any], max_deletions: Optional[int]) -> None:
    """An empty config with overridden means "offboard everyone in scope": only when max_deletions is set on purpose."""
    if STATES[state].offboards_unlisted and not config and max_deletions is None:
        raise InvalidInput("config is empty and state is overridden, which would offboard everyone in scope; "
                           "set max_deletions explicitly if that is what you want.")


def check_deletions(labels: List[str], max_deletions: Optional[int], verb: str) -> None:
    """Stop a run, before any write, that would delete or offboard more people than allowed."""
    limit = DEFAULT_MAX_DELETIONS if max_deletions is None else max_deletions
    if len(labels) <= limit:
        return
    shown = ", ".join(sorted(labels)[:NAMES_SHOWN])
    more = " and %d more" % (len(labels) - NAMES_SHOWN) if len(labels) > NAMES_SHOWN else ""
    raise InvalidInput("this run would %s %d people (%s%s), more than max_deletions (%d); nothing was changed. "
                       "Check config and scope, or raise max_deletions." % (verb, len(labels), shown, more, limit))
