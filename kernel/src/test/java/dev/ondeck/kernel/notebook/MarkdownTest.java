package dev.ondeck.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarkdownTest {
    private final Markdown md = new Markdown(url -> url.startsWith("local") ? "data:image/png;base64,AA" : null);

    @Test
    void blocks() {
        assertEquals("<h2>Step <code>one</code></h2>\n<p>Some <strong>bold</strong> and <em>it</em> text.</p>\n",
                md.toHtml("## Step `one`\n\nSome **bold** and\n*it* text."));
        assertEquals("<ul>\n<li>a</li>\n<li>b c</li>\n</ul>\n<ol>\n<li>x</li>\n</ol>\n", md.toHtml("- a\n- b\n  c\n\n1. x"));
        assertEquals("<pre><code>int x = a &lt; b;\n</code></pre>\n", md.toHtml("```java\nint x = a < b;\n```"));
        assertEquals("<table>\n<thead><tr><th>op</th><th>ms</th></tr></thead>\n<tbody>\n<tr><td>Conv</td><td>1.5</td></tr>\n"
                + "</tbody>\n</table>\n", md.toHtml("| op | ms |\n|---|--:|\n| Conv | 1.5 |"));
        assertEquals("<blockquote><p>note</p>\n</blockquote>\n<hr>\n", md.toHtml("> note\n\n---"));
    }

    @Test
    void inlineEscapesHtmlAndResolvesImages() {
        assertEquals("<p>&lt;script&gt; <a href=\"https://onnx.ai\">ONNX</a></p>\n", md.toHtml("<script> [ONNX](https://onnx.ai)"));
        assertEquals("<p><img src=\"data:image/png;base64,AA\" alt=\"pic\"> <a href=\"http://x/y.png\">image: remote</a></p>\n",
                md.toHtml("![pic](local.png) ![remote](http://x/y.png)"));
        assertEquals("<p>snake_case_name stays</p>\n", md.toHtml("snake_case_name stays"));
    }
}
