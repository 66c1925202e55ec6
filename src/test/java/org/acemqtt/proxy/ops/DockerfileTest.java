package org.acemqtt.proxy.ops;

import static org.acemqtt.proxy.ops.Charts.TLS;
import static org.acemqtt.proxy.ops.Charts.at;
import static org.acemqtt.proxy.ops.Charts.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * There is no Docker engine here, so the Dockerfile is checked against what CI actually builds: the build stage runs
 * the README's build command, the runtime stage copies the jar Maven produces (finalName, lib/ next to it, as the
 * manifest's Class-Path expects) and runs it, and the Helm chart starts the container the way the image expects.
 */
class DockerfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<Instruction> instructions;

    record Instruction(int stage, String keyword, String args) {
    }

    @BeforeAll
    static void parse() throws Exception {
        instructions = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        int stage = -1;
        for (String line : Files.readAllLines(Path.of("Dockerfile"), StandardCharsets.UTF_8)) {
            if (logical.length() == 0 && (line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            String text = logical.toString().strip();
            logical.setLength(0);
            int space = text.indexOf(' ');
            String keyword = text.substring(0, space).toUpperCase();
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(stage, keyword, text.substring(space + 1).strip().replaceAll("\\s+", " ")));
        }
    }

    private static List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword.equals(keyword)).collect(Collectors.toList());
    }

    private static Instruction last(String keyword) {
        List<Instruction> hits = all(keyword);
        assertThat(hits).as(keyword).isNotEmpty();
        return hits.get(hits.size() - 1);
    }

    private static List<String> execForm(String keyword) throws Exception {
        String args = last(keyword).args;
        assertThat(args).as(keyword + " must be exec form (a JSON array)").startsWith("[");
        return Arrays.asList(JSON.readValue(args, String[].class));
    }

    /** The build command of README.md: the first command of "the two commands", before "&&". */
    static String readmeBuildCommand() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^(mvn [^\\n&]*?package)\\s*&&").matcher(readme);
        assertThat(m.find()).as("README.md shows the build command").isTrue();
        return m.group(1).strip();
    }

    @Test
    void twoPinnedStagesMavenThenJre() {
        List<Instruction> from = all("FROM");
        assertThat(from).hasSize(2);
        assertThat(from.get(0).args).matches("maven:3\\.[0-9]+\\.[0-9]+-eclipse-temurin-17 AS build");
        assertThat(from.get(1).args).matches("eclipse-temurin:17\\.[0-9.]+_[0-9]+-jre(-[a-z]+)?");
    }

    @Test
    void buildStageRunsExactlyTheReadmeBuild() throws Exception {
        List<Instruction> runs = all("RUN").stream().filter(i -> i.stage == 0).toList();
        assertThat(runs).hasSize(1);
        // BuildKit flags (--mount=type=cache) change where ~/.m2 lives, not what runs.
        String command = runs.get(0).args.replaceAll("^(--[a-z]+=\\S+\\s+)*", "");
        assertThat(command).isEqualTo(readmeBuildCommand()).isEqualTo("mvn -B -DskipTests package");
        Path contract = Path.of("..", "shared", "docs", "CONTRACT.md");
        if (Files.exists(contract)) {
            assertThat(Files.readString(contract)).contains("`" + command + "`");
        }
        List<String> copies = all("COPY").stream().filter(i -> i.stage == 0).map(i -> i.args).toList();
        assertThat(copies).containsExactly("pom.xml ./", "src ./src");
        assertThat(all("WORKDIR").get(0).args).isEqualTo("/src");
    }

    @Test
    void dockerignoreKeepsExactlyWhatTheBuildCopies() throws Exception {
        List<String> patterns = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored(patterns, "pom.xml")).isFalse();
        assertThat(ignored(patterns, "src")).isFalse();
        for (String local : List.of("target", ".git", "helm", "dashboards", "config.json", "certs")) {
            assertThat(ignored(patterns, local)).as(local).isTrue();
        }
    }

    /** .dockerignore semantics for a top-level name: the last matching pattern wins, '!' re-includes. */
    private static boolean ignored(List<String> patterns, String name) {
        boolean ignored = false;
        for (String p : patterns) {
            boolean negate = p.startsWith("!");
            String glob = (negate ? p.substring(1) : p).replaceAll("/+$", "");
            if (glob.equals("*") || glob.equals(name)) {
                ignored = !negate;
            }
        }
        return ignored;
    }

    @Test
    void runtimeStageRunsTheJarMavenBuildsWithItsLibFolder() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        Element build = child(pom.getDocumentElement(), "build");
        String finalName = child(build, "finalName").getTextContent().strip();
        assertThat(finalName).isEqualTo("ace-mqtt-proxy");
        // <directory>${build.dir}</directory> defaults to ${project.basedir}/target: CI's target/.
        assertThat(child(build, "directory").getTextContent().strip()).isEqualTo("${build.dir}");
        assertThat(child(child(pom.getDocumentElement(), "properties"), "build.dir").getTextContent().strip())
                .isEqualTo("${project.basedir}/target");
        String libDir = null;
        String classpathPrefix = null;
        NodeList plugins = child(build, "plugins").getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            String artifact = child(plugin, "artifactId").getTextContent().strip();
            if (artifact.equals("maven-dependency-plugin")) {
                libDir = plugin.getElementsByTagName("outputDirectory").item(0).getTextContent().strip();
            }
            if (artifact.equals("maven-jar-plugin")) {
                classpathPrefix = plugin.getElementsByTagName("classpathPrefix").item(0).getTextContent().strip();
            }
        }
        assertThat(libDir).isEqualTo("${project.build.directory}/lib");
        assertThat(classpathPrefix).isEqualTo("lib/");

        String workdir = all("WORKDIR").get(0).args;
        String builtJar = workdir + "/target/" + finalName + ".jar";
        String builtLib = workdir + "/target/lib/";
        Map<String, String> copied = all("COPY").stream().filter(i -> i.stage == 1 && i.args.startsWith("--from=build"))
                .map(i -> i.args.split(" ")).collect(Collectors.toMap(a -> a[1], a -> a[2]));
        assertThat(copied).containsOnlyKeys(builtJar, builtLib);
        String jarInImage = copied.get(builtJar);
        // COPY of a folder copies its contents: the destination must itself be the lib/ folder beside the jar.
        assertThat(copied.get(builtLib)).isEqualTo(jarInImage.substring(0, jarInImage.lastIndexOf('/') + 1) + classpathPrefix);
        assertThat(jarInImage).isEqualTo("/opt/ace-mqtt-proxy/ace-mqtt-proxy.jar");

        List<String> entrypoint = execForm("ENTRYPOINT");
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", jarInImage);
    }

    /** The image's AppCDS archive: made at build by the script (CdsArchiveIT runs it), for this jar, used at start. */
    @Test
    void theImageBuildsAnAppCdsArchiveOfItsJarAndStartsWithIt() throws Exception {
        List<Instruction> copies = all("COPY").stream().filter(i -> i.stage == 1 && !i.args.startsWith("--from=")).toList();
        assertThat(copies).hasSize(1);
        String[] copy = copies.get(0).args.split(" ");
        assertThat(Path.of(copy[0])).exists();
        String run = all("RUN").stream().filter(i -> i.stage == 1 && i.args.contains(copy[1])).findFirst().orElseThrow()
                .args;
        String[] words = run.split("\\s+");
        int script = Arrays.asList(words).indexOf(copy[1]);
        assertThat(words[script + 1]).isEqualTo("/opt/ace-mqtt-proxy/ace-mqtt-proxy.jar");
        String archive = words[script + 2];
        assertThat(execForm("ENTRYPOINT")).contains("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void commandIsRunWithTheMountedConfig() throws Exception {
        List<String> cmd = execForm("CMD");
        assertThat(cmd).containsExactly("run", "--config", "/etc/ace-mqtt-proxy/config.json");
        assertThat(all("ENV").stream().map(i -> i.args)).contains("ACE_MQTT_PROXY_CONFIG=" + cmd.get(2));
        assertThat(last("USER").args).matches("[1-9][0-9]*(:[0-9]+)?");
        assertThat(all("USER")).allMatch(u -> u.stage == 1);
        assertThat(Arrays.asList(last("EXPOSE").args.split(" "))).containsExactlyInAnyOrder("8883", "9090");
    }

    @Test
    void theChartStartsTheContainerTheWayTheImageExpects() throws Exception {
        Charts.Rendered r = Charts.render(TLS);
        Map<String, Object> proxy = r.container("proxy");
        assertThat(proxy).as("the chart must not override the image's ENTRYPOINT").doesNotContainKey("command");
        assertThat(list(proxy, "args")).containsExactlyElementsOf(execForm("CMD"));
        String uid = last("USER").args.split(":")[0];
        assertThat(String.valueOf(at(proxy, "securityContext.runAsUser"))).isEqualTo(uid);
        assertThat(String.valueOf(at(r.pod(), "securityContext.runAsUser"))).isEqualTo(uid);
        List<String> exposed = Arrays.asList(last("EXPOSE").args.split(" "));
        for (Object port : list(proxy, "ports")) {
            assertThat(exposed).contains(String.valueOf(at(port, "containerPort")));
        }
        assertThat(at(proxy, "volumeMounts[name=config].mountPath")).isEqualTo(execForm("CMD").get(2));
    }

    @Test
    void healthcheckProbesTheAdminLivenessEndpoint() throws Exception {
        Instruction hc = last("HEALTHCHECK");
        assertThat(hc.stage).isEqualTo(1);
        List<String> command = Arrays.asList(JSON.readValue(hc.args.substring(hc.args.indexOf("CMD ") + 4), String[].class));
        assertThat(command.get(0)).isEqualTo("bash");
        assertThat(String.join(" ", command)).contains("/health/live").contains("9090");
        assumeTrue(new File("/bin/bash").canExecute() || new File("/usr/bin/bash").canExecute(), "bash is not installed");

        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> paths = new ArrayList<>();
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertThat(runHealthcheck(command, port)).isZero();
            assertThat(paths).containsExactly("/health/live");
            status.set(503);
            assertThat(runHealthcheck(command, port)).isNotZero();
        } finally {
            server.stop(0);
        }
        assertThat(runHealthcheck(command, unusedPort())).isNotZero();
    }

    private static int runHealthcheck(List<String> command, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("ADMIN_PORT", Integer.toString(port));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /** A port with nothing listening. */
    private static int unusedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
    }
}
