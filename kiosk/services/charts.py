"""Bar charts drawn on the server as SVG: no script, no third party, readable by screen
readers (a title and a description) and always shown beside a table of the same data."""

from __future__ import annotations

from html import escape

BAR = 28
GAP = 10
LABEL_WIDTH = 220
PLOT_WIDTH = 330
VALUE_WIDTH = 90


def bar_chart(chart_id: str, title: str, description: str, rows: list[tuple[str, float, str]]):
    """Horizontal bars, one per `(label, value, value as text)`; returns SVG markup."""
    top = max((value for _, value, _ in rows), default=0) or 1
    height = len(rows) * (BAR + GAP) + GAP
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value, shown) in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        length = max(round(PLOT_WIDTH * value / top), 1 if value else 0)
        middle = y + BAR / 2
        parts.append(
            f'<text class="chart__label" x="{LABEL_WIDTH - 8}" y="{middle}" '
            f'text-anchor="end" dominant-baseline="middle">{escape(_short(label))}</text>'
            f'<rect class="chart__bar" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
            f'height="{BAR}"></rect>'
            f'<text class="chart__value" x="{LABEL_WIDTH + length + 6}" y="{middle}" '
            f'dominant-baseline="middle">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
