"""Function and question words: they shape a question, they don't say what it is about.
A query's words that are in these lists don't count toward matching and aren't
highlighted (unless the query has nothing else); they are never "content words"."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CHINESE = _words("""
进行 具有 处于 作为 成为 截至 当前 近年来
家 个 件 起 项 名 位 所 座 款 次 笔
的 地 得 了 着 过 吗 呢 吧 啊 呀 嘛 么 啦 哦 之 其 所 者 也 矣 乎 焉
是 为 有 在 和 与 及 或 或者 并 并且 而 而且 但 但是 则 即 就 才 都 还
又 也是 亦 更 最 很 太 挺 非常 比较 十分 相当 被 把 给 对 对于 关于 从
向 往 由 于 以 因 因为 所以 为了 将 让 使 令 据 按 按照 根据 通过 随着
除了 等 等等 这 那 这个 那个 这些 那些 这里 那里 这份 那份 这种 那种 这样
那样 此 该 本 其中 其他 其它 另外 每 各 某 某些 我 我们 你 你们 您 他 她
它 他们 她们 它们 大家 自己 咱们 人家 什么 什么样 为什么 为何 何 何时 何地
何种 哪 哪些 哪个 哪里 哪儿 哪几个 哪几 哪家 哪类 哪种 哪一 谁 如何 怎么
怎样 怎么样 怎么办 多少 多 多大 多久 多长 几 几个 几家 几年 几种 是否 是不是
有没有 能否 可否 可不可以 能不能 会不会 请问 请 一下 告诉 知道 想 想要 要
需要 可以 能 能够 会 应该 应当 得到 一些 一点 一种 一个 一下子 罢了 而已
之一 方面 情况 问题 相关 有关 主要 目前 现在 已经 已 曾 曾经 正在 还有 没有
没 不 不是 非
""")

ENGLISH = _words("""
a an the of in on at to for from by with about into onto over under between among through
during and or nor but not no yes so than then as if because while is are was were be been
being am do does did done doing have has had having can could should would will shall may
might must what whats which who whom whose when where why how hows this that these those
there here it its they them their theirs he she his her we our us you your i me my any
some many much more most few lot lots very really quite just also too only tell show find
give list please want know
""")


def is_stop(word: str) -> bool:
    """Whether a normalised query word (Chinese, or a stemmed English word) is one."""
    return word in CHINESE or word in ENGLISH
