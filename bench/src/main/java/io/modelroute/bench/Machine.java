package io.modelroute.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the machine is, and what a child JVM holds (threads, live heap). */
final class Machine {
  private Machine() {}

  static String describe() {
    StringBuilder b = new StringBuilder();
    b.append("date: ").append(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)).append('\n');
    b.append("nproc: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
    b.append("cpu: ")
        .append(firstMatch(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.*)"))
        .append('\n');
    b.append("memory: ")
        .append(firstMatch(Path.of("/proc/meminfo"), "MemTotal:\\s*(.*)"))
        .append('\n');
    b.append("load average at start: ").append(read(Path.of("/proc/loadavg"))).append('\n');
    b.append("java: ")
        .append(run(List.of(Child.javaBin(), "-version")).replace("\n", " / ").strip())
        .append('\n');
    b.append("wrk: ").append(run(List.of("wrk", "--version")).lines().findFirst().orElse("?"));
    return b.toString();
  }

  static String loadAverage() {
    return read(Path.of("/proc/loadavg"));
  }

  /** The OS thread count of a process (all of a JVM's threads: Java, GC, JIT). */
  static long threads(long pid) {
    String s = firstMatch(Path.of("/proc/" + pid + "/status"), "Threads:\\s*(\\d+)");
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code jcmd PID GC.run}, then the heap used per {@code jcmd PID GC.heap_info}, as "N MB". */
  static String liveHeapAfterGc(long pid) {
    run(List.of("jcmd", String.valueOf(pid), "GC.run"));
    String info = run(List.of("jcmd", String.valueOf(pid), "GC.heap_info"));
    Matcher m = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K").matcher(info);
    if (m.find()) {
      return String.format("%.1f MB", Long.parseLong(m.group(2)) / 1024.0);
    }
    return "unknown (" + info.lines().skip(1).findFirst().orElse(info).strip() + ")";
  }

  private static String firstMatch(Path file, String regex) {
    try {
      Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(file));
      return m.find() ? m.group(1).strip() : "?";
    } catch (IOException e) {
      return "?";
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "?";
    }
  }

  static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out;
    } catch (IOException e) {
      return "(" + cmd.get(0) + " not available)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }
}
