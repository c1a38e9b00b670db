"""A long table for printed documents whose header row shows only at the top of each page.

reportlab's own LongTable with `repeatRows` and `splitInRow` misplaces the rest of a split table: after the
first part is drawn, the document template offers the rest to the SAME frame, and if the next row can be
split inside (`splitInRow`) into the space left at the foot of the page, the rest is drawn there — its
repeated header in the middle of the page, followed by the top lines of a row that would have fitted whole on
the next page. `PageTable` keeps these rules instead:

- the rest of a split table always starts on a fresh page (under its repeated header);
- a row is split inside only when it cannot fit on a page of its own (with the header), so ordinary rows move
  whole to the next page, and a row taller than a page is still printed in full across pages, beginning
  right under the rows before it;
- a heading row (one cell spanning the whole width) never ends a page: it moves on with the row below it;
- rows tied by a cell spanning down (an indicators table's goal over its indicators) stay on one page, so that
  no page starts with rows whose goal is named only on the page before — unless the group is taller than a page.
"""
from __future__ import annotations

from reportlab.platypus import LongTable


class PageTable(LongTable):
    """LongTable(data, colWidths=..., repeatRows=1, splitInRow=1): always split between rows, inside a row only
    when that row alone is taller than a page."""

    _rest_of_split = False   # set on the second part of every split

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's signature
        frame = getattr(self, "_frame", None)   # set by reportlab's Frame.split for the call
        if self._rest_of_split and frame is not None and not frame._atTop:
            return []                           # the template moves us to the next page, where we start
        self._calc(availWidth, availHeight)
        position = self._split_position(availHeight)
        parts = (self._splitRows(sum(self._rowHeights[:position]), doInRowSplit=False)
                 if position > self._header_rows() else [])
        if parts != [self] and self.splitInRow and self._row_never_fits(position, frame):
            # the next row needs more than a page anyway: begin it here rather than leave this page's foot empty
            parts = self._splitRows(availHeight, doInRowSplit=True) or parts
        if len(parts) == 2:
            parts[1]._rest_of_split = True
        return parts

    def _header_rows(self) -> int:
        repeat = self.repeatRows
        return repeat if isinstance(repeat, int) else max(repeat) + 1

    def _is_heading(self, row: int) -> bool:
        return bool(self._spanCmds) and self._spanRanges.get((0, row)) == (0, row, self._ncols - 1, row)

    def _split_position(self, availHeight: float) -> int:  # noqa: N803
        """How many rows go on this page when the table is split between rows (all of them if it fits)."""
        position = self._getFirstPossibleSplitRowPosition(availHeight)
        if position < len(self._rowHeights):
            while position - 1 >= self._header_rows() and self._is_heading(position - 1):
                position -= 1
            start = self._span_start(position)
            if start > self._header_rows():
                position = start
        return position

    def _span_start(self, position: int) -> int:
        """The first row of a cell spanning down across the split before row `position`, else `position`."""
        start = position
        for span in (getattr(self, "_spanRanges", None) or {}).values():
            if span is None:
                continue
            _c0, r0, _c1, r1 = span
            if r0 < position <= r1:
                start = min(start, r0)
        return start

    def _row_never_fits(self, position: int, frame) -> bool:
        """The row after `position`, with the heading rows leading to it, is taller with the header than a whole
        page."""
        page_height = getattr(frame, "_aH", None) if frame is not None else None
        if page_height is None:
            return True                         # not laid out in a frame: reportlab's own behaviour
        header = self._header_rows()
        height = sum(self._rowHeights[:header])
        for row in range(max(position, header), len(self._rowHeights)):
            height += self._rowHeights[row]
            if height > page_height:
                return True
            if not self._is_heading(row):
                return False
        return False
