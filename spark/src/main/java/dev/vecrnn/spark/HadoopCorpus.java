package dev.vecrnn.spark;

import dev.vecrnn.api.TrainingText;
import dev.vecrnn.api.VecrnnException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.security.AccessControlException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.regex.Pattern;

/**
 * A corpus the driver reads by URI ({@code hdfs://}, {@code s3a://}, {@code file:///}, any scheme
 * a Hadoop {@link FileSystem} on Spark's class path serves) through Spark's Hadoop configuration,
 * handed to the run as bytes named by its URI, which it decodes strictly in its encoding and
 * hashes as it does a local file's. Everything about it that can go wrong is a one-line {@link VecrnnException}.
 */
final class HadoopCorpus {
    /** The most one Java array holds: the driver keeps the corpus's bytes in one. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    /**
     * A scheme of two letters or more and a slash: a single letter followed by a colon is left
     * to the local file system (a Windows drive), and so is a local name with a colon but no
     * slash after it.
     */
    private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*", Pattern.DOTALL);

    private final Configuration conf;
    private final long maxBytes;

    /**
     * @param conf     Spark's Hadoop configuration ({@code sparkContext.hadoopConfiguration()})
     * @param maxBytes the largest corpus read (at most {@link #MAX_BYTES})
     */
    HadoopCorpus(Configuration conf, long maxBytes) {
        this.conf = conf;
        this.maxBytes = Math.min(maxBytes, MAX_BYTES);
    }

    /** Whether {@code data} is a URI with a scheme, to be read through Hadoop, rather than a local path. */
    static boolean isUri(String data) {
        return data != null && URI.matcher(data).matches();
    }

    /**
     * The text at {@code uri}: its bytes, which the run decodes in its encoding (strictly, as a
     * local file's) and hashes as a local file's, so that a local copy resumes the run.
     */
    TrainingText read(String uri) {
        return TrainingText.bytes(bytes(uri), uri);
    }

    /** The bytes at {@code uri}, streamed into one array of the size its file system reports. */
    byte[] bytes(String uri) {
        if (uri.regionMatches(true, 0, "file:", 0, 5)) {
            // the driver's own files are read without Hadoop, whose user lookup needs
            // Subject.getSubject, which Java 23 and later no longer support
            return localBytes(uri);
        }
        Path path = path(uri);
        FileSystem fs = fileSystem(path, uri);
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw VecrnnException.about("no such file: " + uri + "; check the path (for hdfs:// also the name node) and give it with {data}",
                    "data");
        } catch (AccessControlException e) {
            throw denied(uri);
        } catch (IOException e) {
            throw cannotRead(uri, e);
        }
        if (status.isDirectory()) {
            throw VecrnnException.about(uri + " is a folder; give a text file with {data}", "data");
        }
        long length = status.getLen();
        if (length > maxBytes) {
            throw new VecrnnException(uri + " has " + length + " bytes, more than the " + maxBytes
                    + " the driver reads into memory; train on a part of it");
        }
        byte[] bytes;
        try {
            bytes = new byte[(int) length];
        } catch (OutOfMemoryError e) {
            throw new VecrnnException(uri + " (" + length + " bytes) is too large for the driver's memory; give it more with --driver-memory");
        }
        try (FSDataInputStream in = fs.open(path)) {
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read != bytes.length || in.read() >= 0) {
                throw new VecrnnException(uri + " changed while it was read (" + length + " bytes listed); read it again when it is"
                        + " complete");
            }
        } catch (AccessControlException e) {
            throw denied(uri);
        } catch (IOException e) {
            throw cannotRead(uri, e);
        }
        return bytes;
    }

    /** A {@code file:} URI's bytes, with the checks and messages of the Hadoop path. */
    private byte[] localBytes(String uri) {
        String rest = uri.substring(5);
        String local = rest.startsWith("//") ? rest.substring(2) : rest;
        if (!local.startsWith("/")) {
            throw VecrnnException.about(uri + " names no local file (a file: URI has an absolute path: file:///dir/corpus.txt);"
                    + " give {data} a file name or such a URI", "data");
        }
        java.nio.file.Path file = java.nio.file.Path.of(local);
        if (!Files.exists(file)) {
            throw VecrnnException.about("no such file: " + uri + "; check the path (for hdfs:// also the name node) and give it with {data}",
                    "data");
        }
        if (Files.isDirectory(file)) {
            throw VecrnnException.about(uri + " is a folder; give a text file with {data}", "data");
        }
        try {
            long length = Files.size(file);
            if (length > maxBytes) {
                throw new VecrnnException(uri + " has " + length + " bytes, more than the " + maxBytes
                        + " the driver reads into memory; train on a part of it");
            }
            return Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw denied(uri);
        } catch (OutOfMemoryError e) {
            throw new VecrnnException(uri + " is too large for the driver's memory; give it more with --driver-memory");
        } catch (IOException e) {
            throw cannotRead(uri, e);
        }
    }

    private static Path path(String uri) {
        try {
            return new Path(uri);
        } catch (IllegalArgumentException e) {
            throw VecrnnException.about(uri + " is not a valid path or URI (" + firstLine(e) + "); give {data} a file name or a URI"
                    + " such as hdfs://namenode/dir/corpus.txt", "data");
        }
    }

    private FileSystem fileSystem(Path path, String uri) {
        try {
            return path.getFileSystem(conf);
        } catch (UnsupportedFileSystemException e) {
            throw noFileSystem(uri, path, "");
        } catch (IOException | RuntimeException | LinkageError e) {
            if (needsSubject(e)) {
                throw new VecrnnException("cannot read " + uri + ": Hadoop's file systems look up the user with"
                        + " Subject.getSubject, which Java " + Runtime.version().feature() + " no longer supports; run the driver"
                        + " on Java 17 or 21, or give the file's local path");
            }
            // a configured FileSystem whose class or dependencies are missing (s3a:// without hadoop-aws) ends here
            throw noFileSystem(uri, path, " (" + firstLine(e) + ")");
        }
    }

    /** Whether {@code e} comes from Java 23+ refusing Subject.getSubject (Hadoop's user lookup). */
    private static boolean needsSubject(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException && String.valueOf(t.getMessage()).contains("getSubject")) {
                return true;
            }
        }
        return false;
    }

    private static VecrnnException noFileSystem(String uri, Path path, String why) {
        String scheme = path.toUri().getScheme();
        return new VecrnnException("cannot read " + uri + ": no Hadoop FileSystem for the scheme '" + scheme + "' on Spark's class path"
                + why + "; give a local file, or add the FileSystem's jar and configuration (s3a:// needs hadoop-aws; docs/SPARK.md)");
    }

    private static VecrnnException denied(String uri) {
        return new VecrnnException("cannot read " + uri + ": permission denied; give the Spark user read access to it");
    }

    private static VecrnnException cannotRead(String uri, Exception e) {
        String message = firstLine(e);
        if (message.contains("Permission denied")) {
            return denied(uri);
        }
        return new VecrnnException("cannot read " + uri + ": " + message);
    }

    /** The first line of what went wrong (Hadoop's messages can run to a page). */
    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int end = m.indexOf('\n');
        return (end < 0 ? m : m.substring(0, end)).strip();
    }
}
