package dev.ondeck.adb.virtual;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The virtual device's shell: one command per line, no pipes, with {@code NAME=value} prefixes. Commands:
 * getprop, cat, ls, mkdir [-p], rm [-r] [-f], chmod, echo, true, false, and app_process (see {@link AppProcess}).
 */
final class ShellCommands {
    private final VirtualDevice device;
    private final Sandbox sandbox;

    ShellCommands(VirtualDevice device, Sandbox sandbox) {
        this.device = device;
        this.sandbox = sandbox;
    }

    /** Runs a command line; returns its exit code. */
    int run(String line, InputStream stdin, OutputStream stdout, OutputStream stderr, DeviceStream stream) throws IOException {
        List<String> words = tokenize(line);
        Map<String, String> env = new LinkedHashMap<>();
        while (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            String w = words.remove(0);
            env.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
        }
        PrintStream out = new PrintStream(stdout, true, "UTF-8");
        PrintStream err = new PrintStream(stderr, true, "UTF-8");
        if (words.isEmpty()) {
            return 0;
        }
        String cmd = words.get(0);
        List<String> args = words.subList(1, words.size());
        try {
            switch (cmd) {
                case "getprop": return getprop(args, out);
                case "cat":
                    if (args.isEmpty()) {
                        stdin.transferTo(stdout);
                        return 0;
                    }
                    return cat(args, stdout, err);
                case "exit": return args.isEmpty() ? 0 : Integer.parseInt(args.get(0)) & 0xff;
                case "ls": return ls(args, out, err);
                case "mkdir": return mkdir(args, err);
                case "rm": return rm(args, err);
                case "chmod": return chmod(args, err);
                case "echo": out.println(String.join(" ", args)); return 0;
                case "true": return 0;
                case "false": return 1;
                case "app_process":
                    return new AppProcess(device, sandbox).run(env, args, stdin, stdout, stderr, stream);
                default:
                    err.println("/system/bin/sh: " + cmd + ": inaccessible or not found");
                    return 127;
            }
        } catch (IOException | RuntimeException e) {
            if (stream.isClosed()) {
                throw e;
            }
            err.println(cmd + ": " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    static List<String> tokenize(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur = cur == null ? new StringBuilder() : cur;
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    words.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(c);
            }
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        return words;
    }

    private int getprop(List<String> args, PrintStream out) {
        Map<String, String> props = device.properties();
        if (args.isEmpty()) {
            for (Map.Entry<String, String> e : props.entrySet()) {
                out.println("[" + e.getKey() + "]: [" + e.getValue() + "]");
            }
        } else {
            out.println(props.getOrDefault(args.get(0), args.size() > 1 ? args.get(1) : ""));
        }
        return 0;
    }

    private int cat(List<String> args, OutputStream stdout, PrintStream err) throws IOException {
        int status = 0;
        for (String a : args) {
            Path p = sandbox.resolve(a);
            if (!Files.isRegularFile(p)) {
                err.println("cat: " + a + ": " + (Files.isDirectory(p) ? "Is a directory" : "No such file or directory"));
                status = 1;
                continue;
            }
            Files.copy(p, stdout);
        }
        stdout.flush();
        return status;
    }

    private int ls(List<String> args, PrintStream out, PrintStream err) throws IOException {
        boolean longFormat = false;
        List<String> paths = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-")) {
                longFormat |= a.contains("l");
            } else {
                paths.add(a);
            }
        }
        if (paths.isEmpty()) {
            paths.add("/");
        }
        int status = 0;
        for (String a : paths) {
            Path p = sandbox.resolve(a);
            if (!Files.exists(p)) {
                err.println("ls: " + a + ": No such file or directory");
                status = 1;
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path e : (Iterable<Path>) s.sorted()::iterator) {
                        out.println(longFormat ? longLine(e) : e.getFileName().toString());
                    }
                }
            } else {
                out.println(longFormat ? longLine(p) : a);
            }
        }
        return status;
    }

    private static String longLine(Path p) throws IOException {
        StringBuilder perm = new StringBuilder(Files.isDirectory(p) ? "d" : "-");
        Set<PosixFilePermission> set = Files.getPosixFilePermissions(p);
        String letters = "rwxrwxrwx";
        for (PosixFilePermission pp : PosixFilePermission.values()) {
            perm.append(set.contains(pp) ? letters.charAt(pp.ordinal()) : '-');
        }
        return perm + " 1 shell shell " + Files.size(p) + " " + p.getFileName();
    }

    private int mkdir(List<String> args, PrintStream err) throws IOException {
        boolean parents = args.contains("-p");
        int status = 0;
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            Path p = sandbox.resolve(a);
            if (parents) {
                Files.createDirectories(p);
            } else if (Files.exists(p) || !Files.isDirectory(p.getParent())) {
                err.println("mkdir: '" + a + "': " + (Files.exists(p) ? "File exists" : "No such file or directory"));
                status = 1;
            } else {
                Files.createDirectory(p);
            }
        }
        return status;
    }

    private int rm(List<String> args, PrintStream err) throws IOException {
        boolean recursive = false;
        boolean force = false;
        int status = 0;
        for (String a : args) {
            if (a.startsWith("-")) {
                recursive |= a.contains("r") || a.contains("R");
                force |= a.contains("f");
                continue;
            }
            Path p = sandbox.resolve(a);
            if (p.equals(sandbox.root())) {
                err.println("rm: refusing to remove '/'");
                status = 1;
            } else if (!Files.exists(p)) {
                if (!force) {
                    err.println("rm: " + a + ": No such file or directory");
                    status = 1;
                }
            } else if (Files.isDirectory(p) && !recursive) {
                err.println("rm: " + a + ": Is a directory");
                status = 1;
            } else {
                new Sandbox(p).delete();
            }
        }
        return status;
    }

    private int chmod(List<String> args, PrintStream err) throws IOException {
        if (args.size() < 2 || !args.get(0).matches("[0-7]{3,4}")) {
            err.println("chmod: usage: chmod OCTAL-MODE FILE...");
            return 1;
        }
        int mode = Integer.parseInt(args.get(0), 8);
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission pp : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - pp.ordinal()))) != 0) {
                perms.add(pp);
            }
        }
        int status = 0;
        for (String a : args.subList(1, args.size())) {
            Path p = sandbox.resolve(a);
            if (!Files.exists(p)) {
                err.println("chmod: " + a + ": No such file or directory");
                status = 1;
            } else {
                Files.setPosixFilePermissions(p, perms);
            }
        }
        return status;
    }

}
