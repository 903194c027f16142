"""The benefits bar chart, drawn once at build time as inline SVG.

No viewBox: lengths are CSS pixels and bar widths are percentages of the chart's width, so
the text keeps its real size on a 320 px phone and on a wide screen alike, and the bars
stretch to whatever width there is. Colours come from the site's CSS custom properties
(with currentColor as the fallback), so the chart follows dark mode. The SVG is hidden from
screen readers: the template puts the same numbers next to it as a table.
"""

from __future__ import annotations

import textwrap

from markupsafe import Markup, escape

from .aggregate import ThemeCount

FONT_PX = 15
LINE_PX = 20
BAR_PX = 14
GAP_PX = 18
LABEL_CHARS = 26  # leaves room for the count at the right end on a 280 px wide column


def bar_chart(rows: list[ThemeCount]) -> Markup:
    parts = []
    y = 0
    for row in rows:
        lines = textwrap.wrap(Markup(row.label).unescape(), LABEL_CHARS) or [""]
        for index, line in enumerate(lines):
            y += LINE_PX
            parts.append(f'<text class="chart-label" x="0" y="{y - 5}">{escape(line)}</text>')
            if index == 0:
                parts.append(
                    f'<text class="chart-count" x="100%" y="{y - 5}" text-anchor="end">'
                    f"{row.count}/{row.total}</text>"
                )
        y += 4
        parts.append(
            f'<rect class="chart-track" x="0" y="{y}" width="100%" height="{BAR_PX}" rx="3" '
            'fill="currentColor" opacity="0.2"/>'
        )
        if row.count:
            width = f"{100 * row.count / row.total:.2f}".rstrip("0").rstrip(".")
            parts.append(
                f'<rect class="chart-bar" x="0" y="{y}" width="{width}%" '
                f'height="{BAR_PX}" rx="3" fill="currentColor"/>'
            )
        y += BAR_PX + GAP_PX
    height = max(y - GAP_PX + 2, 0)
    return Markup(
        f'<svg class="feedback-chart-svg" width="100%" height="{height}" font-size="{FONT_PX}" '
        f'fill="currentColor" aria-hidden="true" focusable="false">{"".join(parts)}</svg>'
    )
