#!/usr/bin/env python3
"""Draws every built-in dataset as text from `nnscope data --raw` and writes docs/readme/dataset-pictures.md.

Run from the package root after a build: python3 scripts/dataset-pictures.py [path/to/nnscope]
(`make docs` then assembles it into the README). Classes are drawn as digits 0-9; regression
targets as shades from '.' (low) to '#' (high); `sine` as its curve.
"""
import csv, io, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / '.build/debug/nnscope')
WIDTH, HEIGHT = 48, 16
SHADES = '.:-=+*#'
DATASETS = ['spiral', 'xor', 'circle', 'gaussian', 'moons', 'sine', 'plane', 'gaussians']


def rows(name):
    out = subprocess.run([BINARY, 'data', '--dataset', name, '--raw'], check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def picture(name):
    data = rows(name)
    inputs = [k for k in data[0] if k.startswith('x')]
    xs = [float(r[inputs[0]]) for r in data]
    ys = [float(r[inputs[1]]) for r in data] if len(inputs) > 1 else [float(r['target']) for r in data]
    classes = None if len(inputs) < 2 else sorted({r['target'] for r in data}) if not is_number(data[0]['target']) or name not in ('plane', 'gaussians') else None
    targets = [r['target'] for r in data]
    grid = [[' '] * WIDTH for _ in range(HEIGHT)]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    values = [float(t) for t in targets] if classes is None and len(inputs) > 1 else None
    for i, (x, y) in enumerate(zip(xs, ys)):
        c = min(WIDTH - 1, int((x - x0) / (x1 - x0 or 1) * (WIDTH - 1) + 0.5))
        r = HEIGHT - 1 - min(HEIGHT - 1, int((y - y0) / (y1 - y0 or 1) * (HEIGHT - 1) + 0.5))
        if values is not None:
            lo, hi = min(values), max(values)
            grid[r][c] = SHADES[min(len(SHADES) - 1, int((values[i] - lo) / (hi - lo or 1) * (len(SHADES) - 1) + 0.5))]
        elif classes is not None:
            grid[r][c] = str(classes.index(targets[i]) % 10)
        else:
            grid[r][c] = '*'
    if classes is not None:
        named = [c if c == str(i) else f'{i} = {c}' for i, c in enumerate(classes)]
        key = 'classes ' + ', '.join(named)
    elif values is not None:
        key = f'target from {min(values):.2f} (.) to {max(values):.2f} (#)'
    else:
        key = 'targets over x'
    axes = f'{inputs[0]} {x0:.2f} … {x1:.2f}, ' + (f'{inputs[1]} {y0:.2f} … {y1:.2f}' if len(inputs) > 1 else f'target {y0:.2f} … {y1:.2f}')
    lines = [f'`{name}`: {len(data)} points; {key}; {axes}', '', '```'] + [''.join(row).rstrip() for row in grid] + ['```', '']
    return '\n'.join(lines)


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def main():
    parts = ['### The built-in datasets',
             '',
             'Drawn from `nnscope data --dataset NAME --raw` (default options, seed 1) by',
             '`scripts/dataset-pictures.py`; `nnscope data` prints any of them as CSV.',
             '']
    parts += [picture(name) for name in DATASETS]
    (ROOT / 'docs/readme/dataset-pictures.md').write_text('\n'.join(parts))


if __name__ == '__main__':
    main()
