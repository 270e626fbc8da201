"""Jupyter's official kernel conformance suite (jupyter_kernel_test) run against the Ondeck Java kernel.

Every feature the suite can check has a sample, so nothing is skipped for lack of one. Run with the kernelspec
installed on JUPYTER_PATH; ONDECK_KERNEL_NAME names it (default ondeck-java).
"""

import os
import unittest

import jupyter_kernel_test


class OndeckKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("ONDECK_KERNEL_NAME", "ondeck-java")
    language_name = "java"
    file_extension = ".jsh"

    code_hello_world = 'System.out.println("hello, world")'
    code_stderr = 'System.err.println("something went wrong")'

    completion_samples = [
        {"text": "System.currentTimeM", "matches": {"currentTimeMillis()"}},
        {"text": "Integer.MAX_V", "matches": {"MAX_VALUE"}},
    ]

    complete_code_samples = ["1 + 1", "int x = 1;", "void f() { }", 'System.out.println("hi");', "%time 1 + 1"]
    incomplete_code_samples = ["int x = ", "void f() {", "for (int i = 0; i < 3; i++) {"]
    invalid_code_samples = ['"abc']

    code_page_something = "%help"
    code_generate_error = 'throw new IllegalStateException("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": '"ab"'},
        {"code": 'html("<b>bold</b>")', "mime": "text/html", "result": "<b>bold</b>"},
    ]

    code_display_data = [
        {"code": 'display(html("<b>hi</b>"))', "mime": "text/html"},
        {"code": 'display(markdown("# Title"))', "mime": "text/markdown"},
        {"code": "display(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB))",
         "mime": "image/png"},
        {"code": "display(svg(\"<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/>\"))",
         "mime": "image/svg+xml"},
        {"code": 'display("image/png", new byte[] {(byte) 0x89, 0x50, 0x4e, 0x47})', "mime": "image/png"},
    ]

    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"
    code_clear_output = "clearOutput()"


if __name__ == "__main__":
    unittest.main()
