package io.modelroute.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * POSIX signal handling through {@code sun.misc.Signal}, the only way the JDK offers, reached
 * reflectively: javac's "internal proprietary API" warning on a direct use cannot be suppressed,
 * and the build compiles with {@code -Werror}.
 */
final class Signals {
  private Signals() {}

  /**
   * Runs {@code action} on the JVM's signal dispatch thread each time the named signal ("TERM",
   * "INT") arrives, in place of the JVM's own handling of it.
   *
   * @throws IllegalArgumentException if this platform or JDK cannot handle that signal
   */
  static void handle(String name, Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object onSignal =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      action.run();
                      yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "handler of SIG" + name;
                  });
      Object sig = signal.getConstructor(String.class).newInstance(name);
      signal.getMethod("handle", signal, handler).invoke(null, sig, onSignal);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException unsupported) {
        throw unsupported;
      }
      throw new IllegalArgumentException("cannot handle SIG" + name, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("this JDK has no sun.misc.Signal", e);
    }
  }
}
