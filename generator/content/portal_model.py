"""The portal's model: portal.yml of a province's or city's repository that federates county sites."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StrictBool, StringConstraints

from generator.content.fields import Slug, Text, settings

HttpUrl = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://[^\s/?#]+[^\s]*$")]


class PortalMember(BaseModel):
    """门户汇集的一个县（市、区）网站：portal.yml 中 members 下的一项。"""

    model_config = settings("成员网站")

    id: Slug = Field(
        title="成员编号",
        description="小写英文字母、数字和连字符，门户内唯一，用于网址（members/<编号>/）。",
        examples=["county-a"],
    )
    name: Text = Field(title="成员名称", description="县（市、区）政府全称。", examples=["甲县人民政府"])
    url: HttpUrl | None = Field(
        None,
        title="网站地址",
        description="已发布的成员网站地址（以 http:// 或 https:// 开头）。url 和 path 只写一项。",
        examples=["https://a.example.gov.cn/"],
    )
    path: Text | None = Field(
        None,
        title="本地网站目录",
        description="已生成的成员网站目录（相对于 portal.yml），整站复制到门户的 members/<编号>/。"
        "url 和 path 只写一项。",
        examples=["../county-a/site"],
    )
    mirror: StrictBool | None = Field(
        None,
        title="复制搜索索引",
        description="对用 url 的成员：true 时生成门户时下载它的搜索索引，由门户自己提供；"
        "不写时沿用门户的 mirror 设置。",
        examples=[True],
    )


class Portal(BaseModel):
    """门户设置（portal.yml）：省、市汇集各县（市、区）政务公开网站的门户。"""

    model_config = settings("门户设置")

    name: Text = Field(title="门户名称", description="门户的全称。", examples=["示例市政务公开平台"])
    base_url: HttpUrl | None = Field(
        None,
        title="门户地址",
        description="门户发布后的完整地址（以 http:// 或 https:// 开头）。",
        examples=["https://zwgk.example-city.gov.cn/"],
    )
    members: list[PortalMember] = Field(
        min_length=1, title="成员网站", description="门户汇集的县（市、区）网站，至少一个。"
    )
    mirror: StrictBool = Field(
        False,
        title="复制搜索索引",
        description="true：生成门户时下载所有用 url 的成员的搜索索引，由门户自己提供（成员网站不必允许跨域访问）；"
        "false：浏览器直接从成员网站加载（成员须允许跨域访问 /pagefind/）。",
        examples=[True],
    )
    timeout: int = Field(
        20,
        ge=1,
        le=300,
        title="下载超时（秒）",
        description="读取成员网站每个文件的超时秒数。",
        examples=[20],
    )
