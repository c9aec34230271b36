"""The reusable field types of the content model: text, slugs, the national lists of values
(levels, channels, audiences, methods …) as Literal types with their tuples, and the model settings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
)

# --- reusable types -------------------------------------------------------------------------

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9-]+$")]
# a GitHub user (@name) or team (@org/team), as CODEOWNERS names them
REVIEWER_PATTERN = r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9][A-Za-z0-9_.-]{0,99})?$"
Reviewer = Annotated[str, StringConstraints(strip_whitespace=True, pattern=REVIEWER_PATTERN)]

Level = Literal["县级", "乡级"]
Channel = Literal[
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏(电子屏)",
    "精准推送",
    "其他",
]
# the national template's order, as the catalogue table prints them
LEVELS: tuple[str, ...] = get_args(Level)
CHANNELS: tuple[str, ...] = get_args(Channel)
Audience = Literal["全社会", "特定群体"]
Method = Literal["主动", "依申请"]
Disclosure = Literal["主动公开", "依申请公开", "不予公开"]
Validity = Literal["有效", "失效", "废止"]
# 失效/废止: no longer in force (the page stays, marked; the lists of current documents leave it)
NOT_IN_FORCE: tuple[str, ...] = ("失效", "废止")
# the kinds of document counted in the annual report's table 二 (第二十条第（一）项)
PolicyKind = Literal["规章", "行政规范性文件", "其他文件"]
POLICY_KINDS: tuple[str, ...] = get_args(PolicyKind)
# an embargo's moment written without a time zone is Beijing time
BEIJING = dt.timezone(dt.timedelta(hours=8))
InterpretationForm = Literal["文字解读", "图片图解", "音视频解读", "问答解读", "新闻发布会", "专家解读"]
PageColumn = Literal["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]


def _as_list(value: Any) -> Any:
    """A single text where a list is expected is a list of one."""
    return [value] if isinstance(value, str) else value


TextList = Annotated[list[Text], BeforeValidator(_as_list, json_schema_input_type=Text | list[Text])]
ChannelList = Annotated[
    list[Channel], BeforeValidator(_as_list, json_schema_input_type=Channel | list[Channel])
]
ReviewerList = Annotated[
    list[Reviewer], BeforeValidator(_as_list, json_schema_input_type=Reviewer | list[Reviewer])
]
LevelList = Annotated[list[Level], BeforeValidator(_as_list, json_schema_input_type=Level | list[Level])]


def _beijing(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=BEIJING)


Moment = Annotated[dt.datetime, AfterValidator(_beijing)]


def settings(title: str) -> ConfigDict:
    """Every model's configuration: unknown keys refused, frozen, text stripped; its Chinese title."""
    return ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, title=title)
