package dev.resilience.spring.aop;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code key} of a {@code @RateLimit}, parsed once when the bean is created and evaluated per call over the
 * method's arguments.
 *
 * <p>Keys that name one parameter ({@code #userId}, {@code #p0}, {@code #a1}) — the common case — are read
 * straight from the argument array with no SpEL evaluation at all. Anything else ({@code #request.tenant},
 * {@code #a + ':' + #b}) is a compiled-when-possible SpEL expression whose variables are the parameter names
 * and their {@code p<i>}/{@code a<i>} aliases. Every variable an expression uses must be a parameter: that is
 * checked at start-up, so a typo fails the start instead of silently sharing one limit.
 */
abstract class KeyExpression {

    /** Stands for a {@code null} key value, so all calls whose key evaluates to null share one limit. */
    static final Object NULL_KEY = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final Pattern INDEXED = Pattern.compile("#[pa](\\d+)");
    private static final Pattern NAMED = Pattern.compile("#([A-Za-z_$][A-Za-z0-9_$]*)");
    private static final SpelExpressionParser PARSER =
            new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, KeyExpression.class.getClassLoader()));

    final String source;

    private KeyExpression(String source) {
        this.source = source;
    }

    /** The key of one call; never {@code null}. */
    abstract Object evaluate(Object[] arguments);

    /**
     * Parses {@code source} for {@code method}.
     *
     * @throws IllegalArgumentException with a readable reason when the expression is not valid SpEL or uses a
     *         variable that is not a parameter of the method
     */
    static KeyExpression parse(String source, Method method) {
        String trimmed = source.trim();
        List<String> names = parameterNames(method);
        Matcher indexed = INDEXED.matcher(trimmed);
        if (indexed.matches()) {
            int index = Integer.parseInt(indexed.group(1));
            if (index >= names.size()) {
                throw new IllegalArgumentException("key '" + source + "' refers to parameter " + index
                        + " but the method has " + names.size() + " parameter(s)");
            }
            return new ArgumentKey(source, index);
        }
        Matcher named = NAMED.matcher(trimmed);
        if (named.matches() && names.contains(named.group(1))) {
            return new ArgumentKey(source, names.indexOf(named.group(1)));
        }
        Expression expression;
        try {
            expression = PARSER.parseExpression(trimmed);
        } catch (ParseException e) {
            throw new IllegalArgumentException("key '" + source + "' is not a valid SpEL expression: "
                    + e.getSimpleMessage(), e);
        }
        Set<String> used = new LinkedHashSet<>();
        if (expression instanceof SpelExpression spel) {
            collectVariables(spel.getAST(), used);
        }
        for (String variable : used) {
            if (!isKnownVariable(variable, names)) {
                throw new IllegalArgumentException("key '" + source + "' uses the variable #" + variable
                        + ", which is not a parameter of the method; parameters: " + names
                        + " (also available as #p0.. and #a0..; compile with -parameters to use names)");
            }
        }
        return new SpelKey(source, expression, names);
    }

    private static boolean isKnownVariable(String variable, List<String> names) {
        if (variable.equals("root") || variable.equals("this") || names.contains(variable)) {
            return true;
        }
        Matcher alias = Pattern.compile("[pa](\\d+)").matcher(variable);
        return alias.matches() && Integer.parseInt(alias.group(1)) < names.size();
    }

    private static void collectVariables(SpelNode node, Set<String> into) {
        if (node instanceof VariableReference) {
            String text = node.toStringAST();
            into.add(text.startsWith("#") ? text.substring(1) : text);
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            collectVariables(node.getChild(i), into);
        }
    }

    private static List<String> parameterNames(Method method) {
        List<String> names = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            names.add(parameter.getName());
        }
        return names;
    }

    private static Object orNullKey(Object key) {
        return key == null ? NULL_KEY : key;
    }

    @Override
    public String toString() {
        return source;
    }

    private static final class ArgumentKey extends KeyExpression {
        private final int index;

        ArgumentKey(String source, int index) {
            super(source);
            this.index = index;
        }

        @Override
        Object evaluate(Object[] arguments) {
            return orNullKey(arguments[index]);
        }
    }

    private static final class SpelKey extends KeyExpression {
        private final Expression expression;
        private final String[] names;

        SpelKey(String source, Expression expression, List<String> names) {
            super(source);
            this.expression = expression;
            this.names = names.toArray(String[]::new);
        }

        @Override
        Object evaluate(Object[] arguments) {
            EvaluationContext context = new StandardEvaluationContext(arguments);
            for (int i = 0; i < arguments.length; i++) {
                context.setVariable(names[i], arguments[i]);
                context.setVariable("p" + i, arguments[i]);
                context.setVariable("a" + i, arguments[i]);
            }
            return orNullKey(expression.getValue(context));
        }
    }
}
