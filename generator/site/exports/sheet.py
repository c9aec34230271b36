"""A one-sheet Excel workbook (SpreadsheetML in a zip), written directly.

The catalogue tables are the largest downloads a site makes (a county's 20,000 items, a
prefecture's 100,000): a general-purpose writer spends most of its time on each cell's
bookkeeping. This one knows the table's few cell styles in advance and writes each row as one
string. What it writes is what a general writer writes for the same table (a test compares the
two cell by cell): shared strings, the cell styles below, merged ranges, row heights and column
widths in Excel's own units, frozen header rows repeated on every printed page, A4 landscape one
page wide, and the document's title, author and date (the build's, never the clock).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

# the cell styles (indexes into styles.xml's cellXfs); each also with the quote prefix, which
# keeps text Excel would take for a formula a string even when the cell is edited
TITLE, HEADER, CENTER, TEXT = 1, 2, 3, 4
QUOTED = 4  # add to a style: the same style with the quote prefix

MAX_CHARS = 32767  # Excel's limit for the text of a cell
_DIGIT, _PADDING = 7, 5  # the default font's digit width and a column's padding, in pixels

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")  # text that reads like Excel's own escape
_EDGE_SPACE = re.compile(r"^\s|\s$")
# a sheet name that a formula must quote: other than letters, digits and dots, starting with a
# digit or a dot, or read as a cell (A1, R1C1)
_NEEDS_QUOTES = re.compile(r"[^\w.]|^[\d.]|^[A-Za-z]{1,3}\d+$|^[Rr]\d*[Cc]?\d*$")

_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def column_letter(col: int) -> str:
    """``0`` → ``A``, ``26`` → ``AA``."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_height(points: float) -> str:
    """A row height as Excel stores it: whole pixels (4 to 3 points)."""
    return f"{int(points * 4 / 3 + 0.5) * 0.75:g}"


def column_width(chars: float) -> str:
    """A column width as Excel stores it: the characters of the default font, padded."""
    pixels = int(chars * _DIGIT + 0.5) + _PADDING
    return f"{int(pixels / _DIGIT * 256) / 256:.16g}"


def _text(value: str) -> str:
    """Cell text for the shared strings: control characters in Excel's _xHHHH_ form."""
    value = _ESCAPED.sub(r"_x005F\1", value[:MAX_CHARS])
    value = _CONTROL.sub(lambda found: f"_x{ord(found[0]):04X}_", value)
    return value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")


class Sheet:
    """The cells of one sheet, row by row. Rows are added in order (:meth:`row`); each cell is
    text (a shared string), a number or a blank, with a style."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.spans = f"1:{columns}"
        self.rows: list[str] = []
        self.merges: list[str] = []
        self.strings: dict[str, int] = {}  # text → its index in the shared strings
        self.uses = 0  # string cells written (the shared strings' count)

    def text(self, ref: str, value: str, style: int) -> str:
        """A string cell (``ref`` such as ``B4``)."""
        index = self.strings.get(value)
        if index is None:
            index = self.strings[value] = len(self.strings)
        self.uses += 1
        return f'<c r="{ref}" s="{style}" t="s"><v>{index}</v></c>'

    @staticmethod
    def number(ref: str, value: int, style: int) -> str:
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'

    @staticmethod
    def blank(ref: str, style: int) -> str:
        return f'<c r="{ref}" s="{style}"/>'

    def row(self, cells: list[str], height: float) -> None:
        """The next row: its cells, in column order, and its height in points."""
        self.rows.append(
            f'<row r="{len(self.rows) + 1}" spans="{self.spans}" ht="{row_height(height)}" customHeight="1">'
            + "".join(cells)
            + "</row>"
        )

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Merge a range (0-based rows and columns, as written)."""
        self.merges.append(
            f'<mergeCell ref="{column_letter(first_col)}{first_row + 1}:{column_letter(last_col)}{last_row + 1}"/>'
        )

    def xml(self, widths: tuple[float, ...], frozen_rows: int) -> str:
        last = f"{column_letter(self.columns - 1)}{len(self.rows)}"
        cols = "".join(
            f'<col min="{first + 1}" max="{end + 1}" width="{column_width(width)}" customWidth="1"/>'
            for first, end, width in _runs_of(widths)
        )
        top = f"A{frozen_rows + 1}"
        merges = (
            f'<mergeCells count="{len(self.merges)}">{"".join(self.merges)}</mergeCells>'
            if self.merges
            else ""
        )
        return (
            f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{last}"/>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
            f'<pane ySplit="{frozen_rows}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{cols}</cols><sheetData>{''.join(self.rows)}</sheetData>{merges}"
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/></worksheet>'
        )

    def shared_strings(self) -> str:
        items = []
        for value in self.strings:
            text = _text(value)
            space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
            items.append(f"<si><t{space}>{_escape(text)}</t></si>")
        return (
            f'{_DECLARATION}<sst xmlns="{_MAIN}" count="{self.uses}" uniqueCount="{len(self.strings)}">'
            + "".join(items)
            + "</sst>"
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;").replace("\n", "&#xA;")


def _runs_of(widths: tuple[float, ...]) -> list[tuple[int, int, float]]:
    """(first, last, width) of each run of columns of one width."""
    runs: list[tuple[int, int, float]] = []
    for col, width in enumerate(widths):
        if runs and runs[-1][2] == width and runs[-1][1] == col - 1:
            runs[-1] = (runs[-1][0], col, width)
        else:
            runs.append((col, col, width))
    return runs


def workbook(
    sheet: Sheet,
    *,
    name: str,
    widths: tuple[float, ...],
    frozen_rows: int,
    print_rows: tuple[int, int],
    title: str,
    author: str,
    created: dt.date,
) -> bytes:
    """The workbook file of one sheet called ``name``; ``print_rows`` (first, last, 0-based):
    the rows repeated on every printed page."""
    quoted = "'" + name.replace("'", "''") + "'" if _NEEDS_QUOTES.search(name) else name
    first, last = print_rows
    stamp = f"{created.year:04d}-{created.month:02d}-{created.day:02d}T00:00:00Z"
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "docProps/app.xml": _APP.format(
            name=_escape(name), titles=_escape(f"{quoted}!Print_Titles"), company=_escape(author)
        ),
        "docProps/core.xml": _CORE.format(title=_escape(title), author=_escape(author), stamp=stamp),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/workbook.xml": _WORKBOOK.format(
            name=_attribute(name), titles=_escape(f"{quoted}!${first + 1}:${last + 1}")
        ),
        "xl/styles.xml": _STYLES,
        "xl/theme/theme1.xml": _theme(),
        "xl/worksheets/sheet1.xml": sheet.xml(widths, frozen_rows),
        "xl/sharedStrings.xml": sheet.shared_strings(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for path, text in parts.items():
            entry = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(entry, text.encode("utf-8"))
    return buffer.getvalue()


def _theme() -> str:
    from xlsxwriter.theme import THEME_XML_2007  # type: ignore[import-untyped, unused-ignore]

    theme: str = THEME_XML_2007
    return theme


_CONTENT_TYPES = (
    _DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PACKAGE_RELS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELS}/theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId4" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_APP = (
    _DECLARATION
    + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    '<HeadingPairs><vt:vector size="4" baseType="variant">'
    "<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>"
    "<vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>"
    '</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="2" baseType="lpstr">'
    "<vt:lpstr>{name}</vt:lpstr><vt:lpstr>{titles}</vt:lpstr></vt:vector></TitlesOfParts>"
    "<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
)
_CORE = (
    _DECLARATION
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
)
_WORKBOOK = (
    _DECLARATION + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
    '<fileVersion appName="xl" lastEdited="4" lowestEdited="4" rupBuild="4505"/>'
    '<workbookPr defaultThemeVersion="124226"/>'
    '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>'
    '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">{titles}</definedName></definedNames>'
    '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
)
# fonts: the default, bold 16 (title), bold 11 (header); fills: none, gray125 (required), grey
# header; borders: none, thin all round; cellXfs: default, title, header, center, text, then the
# same four with the quote prefix
_BORDER_XF = 'borderId="1" xfId="0"{q} applyBorder="1" applyAlignment="1"><alignment horizontal="{h}" vertical="center" wrapText="1"/></xf>'
_XFS = [
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"{q} applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>',
    '<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0"{q} applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" ' + _BORDER_XF.replace("{h}", "center"),
    '<xf numFmtId="0" fontId="0" fillId="0" ' + _BORDER_XF.replace("{h}", "left"),
]
_FONT = '<font>{b}<sz val="{size}"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
_THIN = 'style="thin"><color auto="1"/>'
_STYLES = (
    _DECLARATION + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="3">'
    + _FONT.format(b="", size=11)
    + _FONT.format(b="<b/>", size=16)
    + _FONT.format(b="<b/>", size=11)
    + '</fonts><fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    f"<border><left {_THIN}</left><right {_THIN}</right><top {_THIN}</top><bottom {_THIN}</bottom><diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="9"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    + "".join(xf.replace("{q}", "") for xf in _XFS)
    + "".join(xf.replace("{q}", ' quotePrefix="1"') for xf in _XFS)
    + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)
