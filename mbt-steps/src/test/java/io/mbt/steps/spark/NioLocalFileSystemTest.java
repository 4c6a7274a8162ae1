package io.mbt.steps.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.testing.SharedSpark;
import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path tmp;

  private static FileSystem sessionFileSystem(java.nio.file.Path dir) throws Exception {
    return new Path(dir.toUri()).getFileSystem(SharedSpark.session().sparkContext().hadoopConfiguration());
  }

  @Test
  void theEmbeddedSessionUsesItForLocalFiles() throws Exception {
    assertThat(sessionFileSystem(tmp)).isInstanceOf(NioLocalFileSystem.class);
  }

  @Test
  void permissionsAreSetAndReadLikeHadoopsOwnLocalFileSystem() throws Exception {
    FileSystem fs = sessionFileSystem(tmp);
    Path dir = new Path(tmp.resolve("a/b").toUri());
    assertThat(fs.mkdirs(dir, new FsPermission((short) 0750))).isTrue();
    Path file = new Path(dir, "data.txt");
    try (OutputStream out = fs.create(file)) {
      out.write("twelve bytes".getBytes(StandardCharsets.UTF_8));
    }
    fs.setPermission(file, new FsPermission((short) 0640));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b/data.txt")))).isEqualTo("rw-r-----");
    FileStatus status = fs.getFileStatus(file);
    PosixFileAttributes nio = Files.readAttributes(tmp.resolve("a/b/data.txt"), PosixFileAttributes.class);
    assertThat(status.getLen()).isEqualTo(12);
    assertThat(status.isFile()).isTrue();
    assertThat(status.getPermission()).isEqualTo(new FsPermission((short) 0640));
    assertThat(status.getOwner()).isEqualTo(nio.owner().getName());
    assertThat(status.getGroup()).isEqualTo(nio.group().getName());
    assertThat(status.getPath()).isEqualTo(fs.makeQualified(file));

    // Hadoop's own raw local file system (a chmod/ls process per call) sees the same.
    RawLocalFileSystem hadoop = new RawLocalFileSystem();
    hadoop.initialize(java.net.URI.create("file:///"), new Configuration());
    FileStatus expected = hadoop.getFileStatus(file);
    assertThat(status.getPermission()).isEqualTo(expected.getPermission());
    assertThat(status.getOwner()).isEqualTo(expected.getOwner());
    assertThat(status.getModificationTime()).isEqualTo(expected.getModificationTime());
    assertThat(hadoop.getFileStatus(dir).getPermission()).isEqualTo(fs.getFileStatus(dir).getPermission());
    assertThat(fs.getFileStatus(dir).isDirectory()).isTrue();
  }

  @Test
  void listingSeesFilesAndHidesChecksumsAsHadoopDoes() throws Exception {
    FileSystem fs = sessionFileSystem(tmp);
    assertThat(fs).isInstanceOf(LocalFileSystem.class);
    Path dir = new Path(tmp.resolve("list").toUri());
    for (String name : new String[] {"x", "y"}) {
      try (OutputStream out = fs.create(new Path(dir, name))) {
        out.write(1);
      }
    }
    assertThat(Files.exists(tmp.resolve("list/.x.crc"))).as("checksum file written").isTrue();
    assertThat(Arrays.stream(fs.listStatus(dir)).map(s -> s.getPath().getName()).sorted()).containsExactly("x", "y");
    assertThat(fs.listFiles(dir, true).next().getPermission()).isNotNull();
  }

  @Test
  void aMissingPathIsFileNotFound() throws Exception {
    FileSystem fs = sessionFileSystem(tmp);
    Path missing = new Path(tmp.resolve("missing").toUri());
    assertThatThrownBy(() -> fs.getFileStatus(missing)).isInstanceOf(FileNotFoundException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> fs.setPermission(missing, new FsPermission((short) 0644))).isInstanceOf(FileNotFoundException.class);
    assertThat(fs.exists(missing)).isFalse();
  }

  @Test
  void symlinksAreFollowedForStatusAndLeftToHadoopForLinkStatus() throws Exception {
    FileSystem fs = sessionFileSystem(tmp);
    Files.writeString(tmp.resolve("target.txt"), "abc");
    Files.createSymbolicLink(tmp.resolve("link.txt"), tmp.resolve("target.txt"));
    Path link = new Path(tmp.resolve("link.txt").toUri());
    assertThat(fs.getFileStatus(link).getLen()).isEqualTo(3);
    RawLocalFileSystem hadoop = new RawLocalFileSystem();
    hadoop.initialize(java.net.URI.create("file:///"), new Configuration());
    assertThat(fs.getFileLinkStatus(link).isSymlink()).isEqualTo(hadoop.getFileLinkStatus(link).isSymlink());
  }

  @Test
  void aPathUnderAFileIsFileNotFound() throws Exception {
    FileSystem fs = sessionFileSystem(tmp);
    Files.writeString(tmp.resolve("notes.txt"), "a file, not a directory");
    Path under = new Path(tmp.resolve("notes.txt").toUri().toString() + "/_delta_log");
    assertThatThrownBy(() -> fs.getFileStatus(under)).isInstanceOf(FileNotFoundException.class);
    assertThat(fs.exists(under)).isFalse();
  }

  @Test
  void createWithoutOverwriteIsExclusiveAmongRacingWriters() throws Exception {
    FileSystem fs = sessionFileSystem(tmp);
    for (int round = 0; round < 20; round++) {
      Path claimed = new Path(tmp.resolve("claims/" + round + ".json").toUri());
      java.util.concurrent.atomic.AtomicInteger winners = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.List<Thread> writers = new java.util.ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int id = w;
        Thread t = new Thread(() -> {
          try {
            start.await();
            try (OutputStream out = fs.create(claimed, false)) {
              out.write(("writer " + id).getBytes(StandardCharsets.UTF_8));
            }
            winners.incrementAndGet();
          } catch (org.apache.hadoop.fs.FileAlreadyExistsException lost) {
            // another writer has it
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        t.start();
        writers.add(t);
      }
      start.countDown();
      for (Thread t : writers) {
        t.join();
      }
      assertThat(winners.get()).as("writers that created %s", claimed).isEqualTo(1);
    }
    Path existing = new Path(tmp.resolve("claims/0.json").toUri());
    try (OutputStream out = fs.create(existing, true)) {
      out.write(1);
    }
    assertThat(fs.getFileStatus(existing).getLen()).as("overwrite=true still replaces").isEqualTo(1);
  }
}
