package io.modelroute;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code core}'s public API is deliberate: every public type (top-level or nested, outside the
 * {@code internal} packages) is named in {@code public-api.txt}, and every one of them, and each of
 * its public methods and constructors, has a javadoc comment. Widening the API is a conscious act:
 * add the type to the list and a line to the CHANGELOG.
 */
class PublicApiTest {
  private static final Path LIST = Path.of("src/test/resources/io/modelroute/public-api.txt");
  private static final Path SOURCES = Path.of("src/main/java");

  @Test
  void thePublicTypesOfCoreAreExactlyTheCheckedInList() throws IOException {
    List<String> listed = listed();
    assertThat(listed).as("public-api.txt is sorted and has no duplicates").isSorted();
    assertThat(publicTypes())
        .as(
            "core's public types (outside internal packages) differ from "
                + LIST
                + ". A new public type is API: make it package-private or move it to an internal"
                + " package, or add it to the list deliberately (and a line to CHANGELOG.md); a"
                + " type that left the API is removed from the list (and the CHANGELOG says so)")
        .containsExactlyElementsOf(listed);
  }

  @Test
  void everyPublicTypeAndItsPublicMethodsHaveJavadoc() throws IOException {
    assertThat(undocumented(listed()))
        .as(
            "public API without a javadoc comment (what it is, when to use it, thread-safety);"
                + " document it, or narrow it")
        .isEmpty();
  }

  private static List<String> listed() throws IOException {
    return Files.readAllLines(LIST).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /** Binary names of the accessible public types in core's compiled main classes. */
  private static Set<String> publicTypes() throws IOException {
    Path classes;
    try {
      classes =
          Path.of(ModelRoute.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
        name = name.substring(0, name.length() - ".class".length());
        if (name.endsWith("package-info")
            || name.matches(".*\\$\\d.*")
            || List.of(name.split("\\.")).contains("internal")) {
          continue;
        }
        if (isAccessible(load(name))) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, PublicApiTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Public, or a protected member type, and every enclosing type public. */
  private static boolean isAccessible(Class<?> type) {
    int mods = type.getModifiers();
    boolean visible =
        Modifier.isPublic(mods) || (type.getEnclosingClass() != null && Modifier.isProtected(mods));
    for (Class<?> t = type.getEnclosingClass(); visible && t != null; t = t.getEnclosingClass()) {
      visible = Modifier.isPublic(t.getModifiers());
    }
    return visible;
  }

  /**
   * Parses core's sources and names what lacks a javadoc comment among the given types and their
   * public (or protected) methods and constructors. Exempt: a record's accessors and canonical
   * constructor (the record's {@code @param}s document them), {@code @Override} methods, and {@code
   * equals}, {@code hashCode} and {@code toString}.
   */
  private static List<String> undocumented(List<String> types) throws IOException {
    Set<String> wanted = new TreeSet<>(types);
    Set<Path> files = new TreeSet<>();
    for (String type : types) {
      String top = type.contains("$") ? type.substring(0, type.indexOf('$')) : type;
      Path file = SOURCES.resolve(top.replace('.', '/') + ".java");
      assertThat(file).as("source of " + type).exists();
      files.add(file);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> missing = new ArrayList<>();
    try (var fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      var task =
          (JavacTask)
              javac.getTask(
                  null,
                  fileManager,
                  null,
                  List.of("-proc:none"),
                  null,
                  fileManager.getJavaFileObjectsFromPaths(files));
      DocTrees docs = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        String pkg = unit.getPackageName().toString();
        for (Tree decl : unit.getTypeDecls()) {
          if (decl instanceof ClassTree type) {
            check(
                new TreePath(new TreePath(unit), type),
                pkg + "." + type.getSimpleName(),
                wanted,
                docs,
                missing);
          }
        }
      }
    }
    return missing;
  }

  private static void check(
      TreePath path, String name, Set<String> wanted, DocTrees docs, List<String> missing) {
    ClassTree type = (ClassTree) path.getLeaf();
    if (!wanted.contains(name)) {
      return;
    }
    long line = line(docs, path);
    if (docs.getDocComment(path) == null) {
      missing.add(name + " (the type, line " + line + ")");
    }
    boolean isInterface =
        type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
    Set<String> components = new TreeSet<>();
    if (type.getKind() == Tree.Kind.RECORD) {
      for (Tree member : type.getMembers()) {
        if (member instanceof VariableTree field
            && !field
                .getModifiers()
                .getFlags()
                .contains(javax.lang.model.element.Modifier.STATIC)) {
          components.add(field.getName().toString());
        }
      }
    }
    for (Tree member : type.getMembers()) {
      TreePath memberPath = new TreePath(path, member);
      if (member instanceof ClassTree nested) {
        check(memberPath, name + "$" + nested.getSimpleName(), wanted, docs, missing);
      } else if (member instanceof MethodTree method
          && isVisible(method.getModifiers(), isInterface)
          && !isExempt(method, components)
          && docs.getDocComment(memberPath) == null) {
        String what =
            method.getName().contentEquals("<init>")
                ? "constructor"
                : "method " + method.getName() + "()";
        missing.add(name + " " + what + " (line " + line(docs, memberPath) + ")");
      }
    }
  }

  private static boolean isVisible(ModifiersTree modifiers, boolean inInterface) {
    var flags = modifiers.getFlags();
    if (inInterface) {
      return !flags.contains(javax.lang.model.element.Modifier.PRIVATE);
    }
    return flags.contains(javax.lang.model.element.Modifier.PUBLIC)
        || flags.contains(javax.lang.model.element.Modifier.PROTECTED);
  }

  private static boolean isExempt(MethodTree method, Set<String> components) {
    String name = method.getName().toString();
    boolean override =
        method.getModifiers().getAnnotations().stream()
            .anyMatch(a -> a.getAnnotationType().toString().endsWith("Override"));
    if (override) {
      return true;
    }
    if (Set.of("equals", "hashCode", "toString").contains(name)) {
      return true;
    }
    if (components.isEmpty()) {
      return false;
    }
    if (name.equals("<init>")) {
      // the canonical constructor, compact or written out
      List<String> params =
          method.getParameters().stream().map(p -> p.getName().toString()).toList();
      return params.isEmpty() || Set.copyOf(params).equals(components);
    }
    return method.getParameters().isEmpty() && components.contains(name);
  }

  private static long line(DocTrees docs, TreePath path) {
    CompilationUnitTree unit = path.getCompilationUnit();
    return unit.getLineMap()
        .getLineNumber(docs.getSourcePositions().getStartPosition(unit, path.getLeaf()));
  }
}
