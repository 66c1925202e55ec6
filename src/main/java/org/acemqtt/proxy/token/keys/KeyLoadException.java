package org.acemqtt.proxy.token.keys;

import java.util.List;
import java.util.stream.Collectors;

/** An issuer key file that cannot be used; lists every problem found, each with file and key index. */
public final class KeyLoadException extends Exception {
    /** One problem: {@code index} is the key's position in the set, or -1 for the file as a whole. */
    public record Problem(String source, int index, String problem) {
        @Override
        public String toString() {
            return source + (index >= 0 ? ": keys[" + index + "]" : "") + ": " + problem;
        }
    }

    private final List<Problem> problems;

    public KeyLoadException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
