"""Static geography data: INSEE regions/departments and the SVG region outlines.

Pure data, no database: these tests also run with ``-p no:django``.
"""

import re

import pytest

from events import geo, map_paths

METROPOLITAN_REGION_CODES = {"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}
OVERSEAS_REGION_CODES = {"01", "02", "03", "04", "06"}


def test_counts():
    assert len(geo.REGIONS) == 18
    assert len(geo.DEPARTMENTS) == 101
    assert len(geo.REGION_BY_CODE) == 18
    assert len(geo.DEPARTMENT_BY_CODE) == 101
    assert len(geo.REGION_CHOICES) == 18
    assert len(geo.DEPARTMENT_CHOICES) == 101


def test_region_codes_are_the_post_2016_ones():
    assert set(geo.REGION_BY_CODE) == METROPOLITAN_REGION_CODES | OVERSEAS_REGION_CODES


def test_department_codes():
    expected = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B", "971", "972", "973", "974", "976"}
    assert set(geo.DEPARTMENT_BY_CODE) == expected


def test_tuples_are_in_code_order():
    assert [r.code for r in geo.REGIONS] == sorted(r.code for r in geo.REGIONS)
    codes = [d.code for d in geo.DEPARTMENTS]
    assert codes == sorted(codes, key=lambda c: (len(c), c))
    assert codes.index("29") < codes.index("2A") < codes.index("2B") < codes.index("30")


@pytest.mark.parametrize(
    ("code", "name", "region_code"),
    [
        ("31", "Haute-Garonne", "76"),
        ("44", "Loire-Atlantique", "52"),
        ("80", "Somme", "32"),
        ("2A", "Corse-du-Sud", "94"),
        ("2B", "Haute-Corse", "94"),
        ("976", "Mayotte", "06"),
        ("974", "La Réunion", "04"),
        ("22", "Côtes-d'Armor", "53"),
        ("63", "Puy-de-Dôme", "84"),
        ("75", "Paris", "11"),
        ("90", "Territoire de Belfort", "27"),
        ("67", "Bas-Rhin", "44"),
    ],
)
def test_known_departments(code, name, region_code):
    department = geo.DEPARTMENT_BY_CODE[code]
    assert department == geo.Department(code, name, region_code)
    assert department in geo.departments_of(region_code)


@pytest.mark.parametrize(
    ("code", "name"),
    [("11", "Île-de-France"), ("24", "Centre-Val de Loire"), ("93", "Provence-Alpes-Côte d'Azur"), ("06", "Mayotte")],
)
def test_known_regions(code, name):
    assert geo.REGION_BY_CODE[code].name == name


def test_every_department_has_an_existing_region():
    for department in geo.DEPARTMENTS:
        assert department.region_code in geo.REGION_BY_CODE, department


def test_every_region_has_departments():
    for region in geo.REGIONS:
        assert geo.departments_of(region.code), region
    assert sum(len(geo.departments_of(r.code)) for r in geo.REGIONS) == 101
    assert [d.code for d in geo.departments_of("94")] == ["2A", "2B"]
    assert len(geo.departments_of("11")) == 8
    assert geo.departments_of("99") == ()


def test_choices():
    assert geo.REGION_CHOICES[0] == ("01", "01 – Guadeloupe")
    assert ("2A", "2A – Corse-du-Sud") in geo.DEPARTMENT_CHOICES
    assert [code for code, _ in geo.DEPARTMENT_CHOICES] == [d.code for d in geo.DEPARTMENTS]


# --- SVG outlines ---------------------------------------------------------------------------------

SVG_PATH_DATA = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\-\s]+$")


def _viewbox():
    x, y, w, h = (float(v) for v in map_paths.VIEWBOX.split())
    return x, y, x + w, y + h


def _points(path):
    return [tuple(float(v) for v in pair.split(",")) for pair in re.findall(r"-?[\d.]+,-?[\d.]+", path)]


def test_every_region_has_a_path_or_inset():
    for region in geo.REGIONS:
        assert region.code in map_paths.REGION_PATHS or region.code in map_paths.OVERSEAS_INSETS, region
    assert set(map_paths.REGION_PATHS) == set(geo.REGION_BY_CODE)
    assert set(map_paths.OVERSEAS_INSETS) == OVERSEAS_REGION_CODES
    assert set(map_paths.REGION_LABEL_POINTS) == set(geo.REGION_BY_CODE)


def test_paths_are_svg_path_data():
    for code, path in map_paths.REGION_PATHS.items():
        assert path.startswith("M"), code
        assert SVG_PATH_DATA.match(path), code
        assert len(_points(path)) >= 20, code


def test_paths_fit_the_viewbox():
    x0, y0, x1, y1 = _viewbox()
    for code, path in map_paths.REGION_PATHS.items():
        for x, y in _points(path):
            assert x0 <= x <= x1 and y0 <= y <= y1, (code, x, y)


def test_overseas_paths_sit_inside_their_inset():
    for code, (bx, by, bw, bh) in map_paths.OVERSEAS_INSETS.items():
        for x, y in _points(map_paths.REGION_PATHS[code]):
            assert bx <= x <= bx + bw and by <= y <= by + bh, (code, x, y)
        lx, ly = map_paths.REGION_LABEL_POINTS[code]
        assert bx <= lx <= bx + bw and by <= ly <= by + bh, code


def test_insets_do_not_overlap_metropolitan_france():
    metro_min_x = min(x for code in METROPOLITAN_REGION_CODES for x, _ in _points(map_paths.REGION_PATHS[code]))
    for bx, _, bw, _ in map_paths.OVERSEAS_INSETS.values():
        assert bx + bw < metro_min_x
