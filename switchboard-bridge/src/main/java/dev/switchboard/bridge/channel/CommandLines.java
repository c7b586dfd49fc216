package dev.switchboard.bridge.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command written as one string ({@code python3 "my script.py" --n 5}) into its argv the
 * way a shell splits words, and nothing more: single and double quotes group, a backslash escapes
 * the next character (outside single quotes), and there is no expansion of {@code $}, globs,
 * pipes or redirections. A program that needs those asks for a shell.
 */
public final class CommandLines {
    private CommandLines() {}

    /** @throws IllegalArgumentException on an unclosed quote, a trailing backslash, or no words at all */
    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\') {
                if (i + 1 >= command.length()) {
                    throw new IllegalArgumentException("command ends with a lone backslash: " + command);
                }
                char next = command.charAt(++i);
                if (quote == '"' && next != '"' && next != '\\' && next != '$' && next != '`') {
                    word.append('\\'); // inside double quotes a backslash escapes only these
                }
                word.append(next);
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote in command: " + command);
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return words;
    }
}
