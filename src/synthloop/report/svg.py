"""Small inline SVG plots for the HTML report: stacked bars, histograms, intervals.

Hand-made rather than a plotting library so the report needs no JavaScript, no network and no
heavy dependency, and stays a few kilobytes per plot. Every label is escaped: generated text
can appear in labels and must stay text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

LABEL_W = 190
PALETTE = ("#3b7dd8", "#e0903a", "#6aa84f", "#a64d79")
# One colour per record status in every plot of every run (the funnel's bars through the
# report's stylesheet), so accepted is never blue in one report and orange in the next.
STATUS_COLORS = {"accepted": "#6aa84f", "rejected": "#d9534f", "failed": "#e0a030"}


def _svg(width: int, height: int, body: list[str], title: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img"><title>{escape(title)}</title>'
        + "".join(body) + "</svg>")


def stacked_bars(rows: Sequence[tuple[str, Sequence[tuple[float, str, str]]]], *, title: str,
                 width: int = 720) -> Markup:
    """One horizontal bar per row made of (value, css class, tooltip) segments."""
    bar_h, gap = 18, 6
    top = max((sum(v for v, _, _ in segs) for _, segs in rows), default=0) or 1
    scale = (width - LABEL_W - 70) / top
    body = []
    for i, (label, segs) in enumerate(rows):
        y = i * (bar_h + gap) + 4
        body.append(f'<text x="{LABEL_W - 6}" y="{y + 13}" text-anchor="end">'
                    f"{escape(label)}</text>")
        x = float(LABEL_W)
        for value, cls, tip in segs:
            w = value * scale
            if w > 0:
                body.append(f'<rect class="{escape(cls)}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                            f'height="{bar_h}"><title>{escape(tip)}</title></rect>')
            x += w
        total = sum(v for v, _, _ in segs)
        body.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{total:,.0f}</text>')
    return _svg(width, len(rows) * (bar_h + gap) + 8, body, title)


def histogram(series: Mapping[str, Sequence[float]], *, title: str, xlabel: str, bins: int = 24,
              width: int = 720, height: int = 170,
              colors: Mapping[str, str] | None = None) -> Markup:
    """Overlaid histograms of one or more series on shared bins (counts as shares of each
    series, so runs of different sizes compare); a series named in ``colors`` gets its
    colour there, the others the palette's in order."""
    # Plain Python, not numpy: the summary samples at most a few thousand values per series,
    # and numpy's import (~65 ms) was a sixth of the CLI's fixed cost on a short run.
    values = [float(x) for v in series.values() for x in v]
    if not values:
        return Markup("")
    lo, hi = min(values), max(values)
    step = ((hi if hi > lo else lo + 1) - lo) / bins
    edges = [lo + step * j for j in range(bins + 1)]
    left, bottom, plot_w, plot_h = 40, height - 34, width - 60, height - 50
    shares = [_shares(v, lo, step, bins) for v in series.values()]
    top = max((max(s) for s in shares if s), default=1) or 1
    bw = plot_w / bins
    body = [f'<line class="axis" x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}"/>']
    for k, (name, share) in enumerate(zip(series, shares, strict=True)):
        color = (colors or {}).get(name, PALETTE[k % len(PALETTE)])
        for j, s in enumerate(share):
            h = s / top * plot_h
            if h > 0:
                body.append(f'<rect x="{left + j * bw:.1f}" y="{bottom - h:.1f}" '
                            f'width="{max(bw - 1, 1):.1f}" height="{h:.1f}" fill="{color}" '
                            f'fill-opacity="0.55"><title>{escape(name)}: '
                            f"{edges[j]:.3g}-{edges[j + 1]:.3g}: {s:.1%}</title></rect>")
        body.append(f'<rect x="{left + plot_w - 150}" y="{6 + 16 * k}" width="10" height="10" '
                    f'fill="{color}"/><text x="{left + plot_w - 136}" y="{15 + 16 * k}">'
                    f"{escape(name)} (n={len(series[name]):,})</text>")
    body.append(f'<text x="{left}" y="{bottom + 16}">{lo:.3g}</text>')
    body.append(f'<text x="{left + plot_w}" y="{bottom + 16}" text-anchor="end">{hi:.3g}</text>')
    body.append(f'<text x="{left + plot_w / 2}" y="{bottom + 28}" text-anchor="middle">'
                f"{escape(xlabel)}</text>")
    body.append(f'<text x="{left - 4}" y="{bottom - plot_h + 10}" text-anchor="end">'
                f"{top:.0%}</text>")
    return _svg(width, height, body, title)


def intervals(rows: Sequence[tuple[str, float, float, float]], *, title: str,
              width: int = 720) -> Markup:
    """A point with its interval per row (label, value, low, high) on one shared axis."""
    if not rows:
        return Markup("")
    lo = min(r[2] for r in rows)
    hi = max(r[3] for r in rows)
    span = (hi - lo) or 1.0
    plot_w = width - LABEL_W - 90

    def x(v: float) -> float:
        return LABEL_W + (v - lo) / span * plot_w

    body = []
    for i, (label, value, low, high) in enumerate(rows):
        y = i * 22 + 14
        body.append(f'<text x="{LABEL_W - 6}" y="{y + 4}" text-anchor="end">'
                    f"{escape(label)}</text>")
        body.append(f'<line class="ci" x1="{x(low):.1f}" y1="{y}" x2="{x(high):.1f}" y2="{y}"/>')
        body.append(f'<circle cx="{x(value):.1f}" cy="{y}" r="4"><title>{value:.3f} '
                    f"[{low:.3f}, {high:.3f}]</title></circle>")
        body.append(f'<text x="{LABEL_W + plot_w + 8}" y="{y + 4}">{value:.3f} '
                    f"[{low:.3f}, {high:.3f}]</text>")
    if lo < 0 < hi:
        body.append(f'<line class="zero" x1="{x(0):.1f}" y1="2" x2="{x(0):.1f}" '
                    f'y2="{len(rows) * 22 + 4}"/>')
    return _svg(width, len(rows) * 22 + 8, body, title)


def curve(series: Mapping[str, Sequence[tuple[float, float, float, float]]], *, title: str,
          xlabel: str, ylabel: str, baseline: float | None = None, width: int = 720,
          height: int = 300) -> Markup:
    """Lines of points with interval bars, one line per series of (x, value, low, high), on
    shared axes; ``baseline`` draws a dashed level (the real-only metric). Styled inline, so
    the SVG also reads on its own as a file."""
    points = [pt for pts in series.values() for pt in pts]
    if not points:
        return Markup("")
    x_lo, x_hi = min(p[0] for p in points), max(p[0] for p in points)
    y_lo = min([p[2] for p in points] + ([baseline] if baseline is not None else []))
    y_hi = max([p[3] for p in points] + ([baseline] if baseline is not None else []))
    pad = (y_hi - y_lo) * 0.08 or 0.01
    y_lo, y_hi = y_lo - pad, y_hi + pad
    left, right, top, bottom = 56, width - 190, 12, height - 40

    def px(x: float) -> float:
        return left + (x - x_lo) / ((x_hi - x_lo) or 1) * (right - left)

    def py(y: float) -> float:
        return bottom - (y - y_lo) / (y_hi - y_lo) * (bottom - top)

    body = [f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>',
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#333"/>']
    for y in (y_lo + pad, (y_lo + y_hi) / 2, y_hi - pad):
        body.append(f'<text x="{left - 4}" y="{py(y) + 4:.1f}" text-anchor="end" '
                    f'font-size="11">{y:.3f}</text>')
    for x in sorted({p[0] for p in points}):
        body.append(f'<text x="{px(x):.1f}" y="{bottom + 14}" text-anchor="middle" '
                    f'font-size="11">{x:g}</text>')
    body.append(f'<text x="{(left + right) / 2}" y="{bottom + 30}" text-anchor="middle" '
                f'font-size="12">{escape(xlabel)}</text>')
    body.append(f'<text x="12" y="{(top + bottom) / 2}" font-size="12" text-anchor="middle" '
                f'transform="rotate(-90 12 {(top + bottom) / 2})">{escape(ylabel)}</text>')
    if baseline is not None:
        body.append(f'<line x1="{left}" y1="{py(baseline):.1f}" x2="{right}" '
                    f'y2="{py(baseline):.1f}" stroke="#999" stroke-dasharray="3 3"/>')
    for k, (name, pts) in enumerate(series.items()):
        color = PALETTE[k % len(PALETTE)]
        ordered = sorted(pts)
        path = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v, _, _ in ordered)
        body.append(f'<polyline points="{path}" fill="none" stroke="{color}" '
                    'stroke-width="1.5"/>')
        for x, v, lo, hi in ordered:
            body.append(f'<line x1="{px(x):.1f}" y1="{py(lo):.1f}" x2="{px(x):.1f}" '
                        f'y2="{py(hi):.1f}" stroke="{color}"/>')
            body.append(f'<circle cx="{px(x):.1f}" cy="{py(v):.1f}" r="3.5" fill="{color}">'
                        f"<title>{escape(name)}: {x:g}: {v:.3f} [{lo:.3f}, {hi:.3f}]</title>"
                        "</circle>")
        body.append(f'<rect x="{right + 12}" y="{top + 16 * k}" width="10" height="10" '
                    f'fill="{color}"/><text x="{right + 26}" y="{top + 9 + 16 * k}" '
                    f'font-size="11">{escape(name)}</text>')
    return _svg(width, height, body, title)


def _shares(values: Sequence[float], lo: float, step: float, bins: int) -> list[float]:
    """Share of ``values`` in each of ``bins`` equal bins from ``lo`` (the last bin closed)."""
    counts = [0] * bins
    for x in values:
        counts[min(int((x - lo) / step), bins - 1)] += 1
    return [c / max(len(values), 1) for c in counts]
