"""`report`: the yearly indicator report in Excel — the program's own form, or a form the ministry
sent (--template), mapped automatically without confirmation (or by a mapping saved with
--save-mapping and given back with --mapping); prints what went where, how many of the form's rows got
a value and every row that did not. A form that got no value is not saved and the command exits 1."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.calendar import parse_year_title
from app.services.errors import UserError


def register(subparsers) -> None:
    p = subparsers.add_parser("report", help="отчёт о показателях в форме Excel",
                              description="Заполняет отчёт о показателях за учебный год: стандартную форму "
                                          "программы или форму министерства (--template).")
    p.add_argument("--year", required=True, metavar="ГОД", help="учебный год, например 2024/2025")
    p.add_argument("--set", required=True, dest="set_code", metavar="НАБОР", help="код набора показателей")
    p.add_argument("--template", type=Path, metavar="ФОРМА.xlsx", help="форма министерства (.xlsx)")
    p.add_argument("--out", required=True, type=Path, metavar="ФАЙЛ.xlsx", help="куда сохранить отчёт")
    p.add_argument("--mapping", type=Path, metavar="ФАЙЛ.json",
                   help="соответствие строк формы показателям (сохранённое через --save-mapping)")
    p.add_argument("--save-mapping", type=Path, metavar="ФАЙЛ.json",
                   help="сохранить использованное соответствие, чтобы поправить его и передать в --mapping")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.services.reports import export_default_report, fill_form, prepare_form  # openpyxl: only when used

    year = parse_year_title(args.year)
    if (args.mapping or args.save_mapping) and not args.template:
        raise UserError("--mapping и --save-mapping относятся к форме министерства: укажите её в --template.")
    saved = _read_mapping(args.mapping) if args.mapping else None
    ctx = open_context(args)
    try:
        if args.template:
            mapping, _data = prepare_form(ctx.uow(), form=args.template, set_code=args.set_code, year=year,
                                          saved=saved)
            if args.save_mapping:
                _write_mapping(args.save_mapping, mapping.to_json())
            result = fill_form(ctx.uow(), form=args.template, out=args.out, set_code=args.set_code, year=year,
                               mapping=mapping)
        else:
            result = export_default_report(ctx.uow(), set_code=args.set_code, year=year, out=args.out)
    finally:
        ctx.close()
    print(f"Отчёт сохранён: {result.out_path}")
    if result.written:
        print("Заполнено:")
        for line in result.written:
            print(f"  {line}")
    if result.not_found:
        print("Не найдено места в форме:")
        for line in result.not_found:
            print(f"  {line}")
    if result.skipped:
        print("Пропущено:")
        for line in result.skipped:
            print(f"  {line}")
    for line in result.warnings:
        print(line)
    if args.template:
        print(result.summary())
        if result.unfilled_rows:
            print("Строки формы без значения:")
            for line in result.unfilled_rows:
                print(f"  {line}")
    return 0


def _read_mapping(path: Path) -> str:
    from app.services.reports.form_fill import parse_mapping_json

    try:
        text = path.read_text(encoding="utf-8")
        parse_mapping_json(text, source=path.name)  # a broken file is named before the form is read
        return text
    except FileNotFoundError:
        raise UserError(f"Файл соответствия «{path}» не найден.") from None
    except (OSError, UnicodeDecodeError):
        raise UserError(f"Файл соответствия «{path}» не читается (нужен текст JSON в UTF-8).") from None


def _write_mapping(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError:
        raise UserError(f"Не удалось записать файл соответствия «{path}».") from None
