"""The README's shell commands can be pasted into a shell as written: each ```bash block parses
(`bash -n`), so no unquoted parenthesis or glob character turns an example into a syntax error."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def bash_blocks():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.*?)```", text, flags=re.S)


def test_the_readme_has_shell_examples():
    assert any("main.py train" in block for block in bash_blocks())


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("block", bash_blocks())
def test_each_shell_block_of_the_readme_parses(block):
    result = subprocess.run(["bash", "-n"], input=block, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_parentheses_and_stars_in_arguments_are_quoted():
    # bash -n accepts `x1*x2` (a glob that zsh refuses when nothing matches): features are quoted
    for block in bash_blocks():
        for line in block.splitlines():
            if "--features" in line:
                value = line.split("--features", 1)[1].split()[0]
                assert value[0] in "'\"", line


def test_the_readme_s_csv_example_runs_from_the_repository_root():
    import sys
    lines = [line for block in bash_blocks() for line in block.splitlines() if ".csv --target" in line]
    assert lines, "the README shows training on a table"
    for line in lines:
        args = line.split("#")[0].split()[2:]  # after "python main.py"
        csv = next(a for a in args if a.endswith(".csv"))
        assert (ROOT / csv).is_file(), f"{csv} is not shipped"
        args[args.index("--steps") + 1] = "50"  # the same command, shorter
        result = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        assert "step 50" in result.stdout
