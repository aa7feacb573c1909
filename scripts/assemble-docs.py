#!/usr/bin/env python3
"""Builds README.md and docs/DECISIONS.md from their parts (run from anywhere: make docs).

README.md = docs/readme/_head.md, the module sections in reading order, docs/readme/_tail.md.
docs/DECISIONS.md = docs/decisions/_head.md, then each module's decisions under one heading.
Edit the parts, never the two assembled files.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README_ORDER = ['tui', 'first-hour', 'inside', 'compare', 'lessons', 'training', 'playground', 'core', 'datasets', 'dataset-pictures', 'autodiff', 'landscape', 'sessions', 'weights', 'commands', 'render', 'bench', 'reliability', 'install']
DECISION_TITLES = {
    'core': 'Numerical core', 'datasets': 'Datasets', 'autodiff': 'Automatic differentiation',
    'sessions': 'Sessions', 'commands': 'Command language', 'render': 'Rendering and the terminal',
    'tui': 'The TUI', 'first-hour': 'A learner\'s first hour (issue 15)', 'inside': 'Inside the network', 'bench': 'Benchmarks', 'faults': 'Fault suite',
    'install': 'Installation', 'playground': "Playground's controls", 'weights': 'Weight files',
    'landscape': 'The optimisation landscape', 'lessons': 'Lessons', 'compare': 'Comparing two runs',
    'architecture': 'Architecture (issue 14)',
}


def readme() -> str:
    parts = [(ROOT / 'docs/readme/_head.md').read_text()]
    # A part not in README_ORDER is still included (after the listed ones), never dropped.
    others = sorted(p.stem for p in (ROOT / 'docs/readme').glob('*.md') if not p.stem.startswith('_') and p.stem not in README_ORDER)
    for name in README_ORDER + others:
        path = ROOT / f'docs/readme/{name}.md'
        if path.exists():
            parts.append(path.read_text().strip() + '\n')
    parts.append((ROOT / 'docs/readme/_tail.md').read_text())
    return '\n'.join(parts)


def decisions() -> str:
    parts = [(ROOT / 'docs/decisions/_head.md').read_text()]
    titles = dict(DECISION_TITLES)
    for path in sorted((ROOT / 'docs/decisions').glob('*.md')):
        if not path.stem.startswith('_') and path.stem not in titles:
            titles[path.stem] = path.stem.replace('-', ' ').capitalize()
    for name, title in titles.items():
        path = ROOT / f'docs/decisions/{name}.md'
        if not path.exists():
            continue
        lines = path.read_text().strip().split('\n')
        level = len(lines[0]) - len(lines[0].lstrip('#'))
        same_level = [line for line in lines if line.startswith('#' * level + ' ')]
        body = '\n'.join(lines[1:]).strip() if level == 1 or len(same_level) == 1 else '\n'.join(lines)
        body = re.sub(r'^#+ ', '### ', body, flags=re.M)
        parts.append(f'## {title}\n\n' + body + '\n')
    return '\n'.join(parts)


if __name__ == '__main__':
    import sys
    outputs = {ROOT / 'README.md': readme(), ROOT / 'docs/DECISIONS.md': decisions()}
    if '--check' in sys.argv[1:]:
        # CI: the committed files must be what their parts assemble to.
        stale = [str(path.relative_to(ROOT)) for path, text in outputs.items() if path.read_text() != text]
        if stale:
            print('stale (edit docs/readme or docs/decisions, then run `make docs`): ' + ', '.join(stale))
            sys.exit(1)
        print('README.md and docs/DECISIONS.md match their parts')
    else:
        for path, text in outputs.items():
            path.write_text(text)
