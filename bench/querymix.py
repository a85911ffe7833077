"""The fixed query mix every engine runs: Chinese, English, mixed, quoted phrase,
facet-filtered and filter-only."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass(frozen=True)
class MixQuery:
    group: str
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"

    def api_path(self) -> str:
        params = [("q", self.q)] if self.q else []
        params += [(name, value) for name, values in self.filters.items() for value in values]
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        return "/api/search?" + urlencode(params)

    def page_path(self) -> str:
        return self.api_path().replace("/api/search?", "/search/?")


QUERY_MIX = (
    MixQuery("chinese", "量子机器学习"),
    MixQuery("chinese", "智能客服"),
    MixQuery("chinese", "无人驾驶 立法"),
    MixQuery("chinese", "行业生命周期"),
    MixQuery("chinese", "柔性生产线"),
    MixQuery("english", "computer vision"),
    MixQuery("english", "smart city"),
    MixQuery("english", "iFlytek"),
    MixQuery("english", "talent shortage"),
    MixQuery("mixed", "AI 芯片"),
    MixQuery("mixed", "ChatGPT 电力"),
    MixQuery("phrase", '"数字孪生工厂"'),
    MixQuery("phrase", '"14 纳米"'),
    MixQuery("filtered", "政策", {"kind": ("policy",)}),
    MixQuery("filtered", "人工智能", {"region": ("美国",)}),
    MixQuery("filter-only", "", {"kind": ("policy",)}, "date"),
    MixQuery("filter-only", "", {"chapter": ("ai-whitepaper-2023:5",)}, "order"),
)
