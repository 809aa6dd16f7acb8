"""Run this interpreter's own pdb doctests (test.test_pdb) against tutor's debugger; a child process of
tests/test_cpython_pdb.py. Prints one summary line: `attempted N failed M`, after doctest's reports.

pdb.Pdb is swapped for an adapter before doctest and test.test_pdb are imported: doctest's
_OutputRedirectingPdb subclasses whatever pdb.Pdb is at import time, so the swap cannot be undone and
must not happen in the test process. The adapter is the thinnest way to drive TutorDebugger as pdb is
driven there: each line the debugger asks for is read from sys.stdin after writing the prompt, as
cmd.Cmd does when given a stdin.
"""
import pdb
import sys

from tutor.core.debugger import TutorDebugger


class StdinPdb(TutorDebugger):
    """TutorDebugger with pdb.Pdb's signature: prompts on stdout, lines from stdin (EOF ends the session)."""

    def __init__(self, completekey="tab", stdin=None, stdout=None, skip=None, nosigint=False, readrc=True):
        self._source = stdin
        super().__init__(self._line, stdout or sys.stdout, skip=skip, nosigint=nosigint)

    def _line(self, prompt) -> str:
        self.stdout.write(prompt.text)
        self.stdout.flush()
        line = (self._source or sys.stdin).readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")


def main() -> int:
    pdb.Pdb = StdinPdb  # before doctest is imported
    import doctest

    try:
        from test import test_pdb
    except ImportError as exc:
        print(f"no test package: {exc}")
        return 3
    names = sys.argv[1:]
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()  # as DocTestSuite runs them: no option flags beyond their own directives
    for test in sorted(finder.find(test_pdb), key=lambda t: t.name):
        if test.examples and (not names or test.name.split(".")[-1] in names):
            runner.run(test)
    result = runner.summarize(verbose=False)
    print(f"attempted {result.attempted} failed {result.failed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
