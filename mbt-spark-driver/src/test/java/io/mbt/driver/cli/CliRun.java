package io.mbt.driver.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;

/** One {@code mbt} command run in this JVM, as the tests drive the CLI: its exit code, stdout and stderr. */
public record CliRun(int code, String out, String err) {

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MbtCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** {@code args} with {@code --project-dir project} appended. */
  public static CliRun inProject(Path project, String... args) {
    return of(Stream.concat(Stream.of(args), Stream.of("--project-dir", project.toString())).toArray(String[]::new));
  }
}
