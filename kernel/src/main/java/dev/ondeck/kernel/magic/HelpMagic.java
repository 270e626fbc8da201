package dev.ondeck.kernel.magic;

import dev.ondeck.kernel.eval.CellOutcome;

/** {@code %help [magic]}: the kernel's help, shown in the pager. */
public final class HelpMagic implements Magic {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String synopsis() {
        return "%help [name]: this help, or one magic's";
    }

    @Override
    public CellOutcome run(String args, String body, MagicContext ctx) throws MagicException {
        String name = args.strip().replaceFirst("^%+", "");
        if (!name.isEmpty()) {
            Magic m = ctx.magics().find(name).orElseThrow(() ->
                    new MagicException("no magic %" + name + "; known: " + ctx.magics().all().keySet()));
            ctx.page(m.synopsis());
            return CellOutcome.Ok.empty();
        }
        ctx.page("""
                Ondeck Java kernel: cells are Java snippets run by JShell (JDK %s).

                Magics:
                %s
                Display API (statically imported):
                  display(obj), display(mime, data), updateDisplay(handle, obj), clearOutput()
                  html(s), markdown(s), svg(s), png(bytes)
                Inspect: put the cursor after a name and press Shift+Tab, or run ?name.
                """.formatted(Runtime.version().feature(), ctx.magics().summary()));
        return CellOutcome.Ok.empty();
    }
}
