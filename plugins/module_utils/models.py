# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: pydantic models of the Webex objects the modules read and return."""

from __future__ import annotations

import traceback
from typing import Any, Dict, List, Optional

try:
    from pydantic import BaseModel, ConfigDict
    from pydantic.alias_generators import to_camel
    HAS_PYDANTIC = True
    PYDANTIC_IMPORT_ERROR = None
except ImportError:  # reported by WebexModule through missing_required_lib
    HAS_PYDANTIC = False
    PYDANTIC_IMPORT_ERROR = traceback.format_exc()
    BaseModel = object

    def ConfigDict(**kwargs: Any) -> Dict[str, Any]:  # noqa: N802 - stands in for pydantic's name
        return kwargs

    def to_camel(name: str) -> str:
        return name


class WebexModel(BaseModel):  # type: ignore[misc,valid-type]
    """camelCase on the wire, snake_case in Ansible; fields Webex adds later are ignored, never fatal."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    @classmethod
    def from_api(cls, data: Dict[str, Any]) -> "WebexModel":
        return cls.model_validate(data)

    def to_result(self) -> Dict[str, Any]:
        """snake_case keys for module results, absent and empty values left out."""
        return {key: value for key, value in self.model_dump(by_alias=False, exclude_none=True).items() if value != []}


class PhoneNumber(WebexModel):
    type: Optional[str] = None  # work, work_extension, mobile, fax, enterprise, ...: never restricted
    value: Optional[str] = None
    primary: Optional[bool] = None


class Address(WebexModel):
    type: Optional[str] = None
    country: Optional[str] = None
    locality: Optional[str] = None
    region: Optional[str] = None
    street_address: Optional[str] = None
    postal_code: Optional[str] = None


class Person(WebexModel):
    id: Optional[str] = None
    emails: List[str] = []
    phone_numbers: List[PhoneNumber] = []
    extension: Optional[str] = None
    location_id: Optional[str] = None
    display_name: Optional[str] = None
    nick_name: Optional[str] = None
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    avatar: Optional[str] = None
    org_id: Optional[str] = None
    roles: Optional[List[str]] = None  # None: not in this answer (list items), not "no roles"
    licenses: Optional[List[str]] = None
    department: Optional[str] = None
    manager: Optional[str] = None
    manager_id: Optional[str] = None
    title: Optional[str] = None
    addresses: List[Address] = []
    site_urls: List[str] = []
    login_enabled: Optional[bool] = None
    created: Optional[str] = None
    last_modified: Optional[str] = None
    timezone: Optional[str] = None
    last_activity: Optional[str] = None
    status: Optional[str] = None
    invite_pending: Optional[bool] = None
    type: Optional[str] = None


class Guest(WebexModel):
    """A guest identity; the access token is kept apart so no result carries it by accident."""

    id: Optional[str] = None
    subject: Optional[str] = None
    display_name: Optional[str] = None
    email: Optional[str] = None
    expires_in: Optional[int] = None
