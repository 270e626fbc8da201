package dev.ondeck.adb.host;

/** The sync protocol's STAT (lstat): mode, size and mtime; a missing file has mode 0. */
public final class FileStat {
    private final String name;
    private final int mode;
    private final long size;
    private final long mtime;

    public FileStat(String name, int mode, long size, long mtime) {
        this.name = name;
        this.mode = mode;
        this.size = size;
        this.mtime = mtime;
    }

    /** The path asked for, or the entry name in a listing. */
    public String name() {
        return name;
    }

    public int mode() {
        return mode;
    }

    public long size() {
        return size;
    }

    /** Seconds since the epoch. */
    public long mtime() {
        return mtime;
    }

    public boolean exists() {
        return mode != 0;
    }

    public boolean isDirectory() {
        return (mode & 0170000) == 0040000;
    }

    @Override
    public String toString() {
        return String.format("%s mode=%o size=%d mtime=%d", name, mode, size, mtime);
    }
}
