package dev.resilience.spring.boot.autoconfigure.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Turns the class names of properties such as {@code record-failure-predicate} into objects, once, when the
 * configuration is resolved: the application's bean of that class when the context has exactly one, else a
 * new instance made with the class's no-argument constructor. Every way this can go wrong (no such class, not
 * a {@code Predicate}, a type argument that does not fit, no usable constructor, a constructor that throws)
 * is a {@link ResilienceConfigurationException} naming the property. Internal: not part of the public API.
 */
public final class ClassReferences {

    private final ClassLoader classLoader;

    private final Function<Class<?>, @Nullable Object> uniqueBean;

    /**
     * @param classLoader loads the named classes
     * @param uniqueBean the bean of a type when the context has exactly one, else {@code null}
     */
    public ClassReferences(ClassLoader classLoader, Function<Class<?>, @Nullable Object> uniqueBean) {
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        this.uniqueBean = Objects.requireNonNull(uniqueBean, "uniqueBean");
    }

    /** References without beans: every class is instantiated. */
    public static ClassReferences withoutBeans(ClassLoader classLoader) {
        return new ClassReferences(classLoader, type -> null);
    }

    /** The class loader the named classes are loaded with. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /**
     * A {@code Predicate<Throwable>} named by {@code property}: its type argument must accept every
     * exception ({@code Throwable} or {@code Object}, or none given).
     */
    @SuppressWarnings("unchecked")
    public Predicate<Throwable> exceptionPredicate(String property, String className) {
        return (Predicate<Throwable>) predicate(property, className, Throwable.class);
    }

    /**
     * A {@code Predicate<Object>} named by {@code property}: it is called with results of any type, so its
     * type argument must be {@code Object} (or none given).
     */
    @SuppressWarnings("unchecked")
    public Predicate<Object> resultPredicate(String property, String className) {
        return (Predicate<Object>) predicate(property, className, Object.class);
    }

    private Predicate<?> predicate(String property, String className, Class<?> argument) {
        String expected = "java.util.function.Predicate<" + argument.getName() + ">";
        Class<?> type = load(property, className, expected);
        if (!Predicate.class.isAssignableFrom(type)) {
            throw new ResilienceConfigurationException("Invalid '" + property + "' (" + type.getName()
                    + "): must be a class implementing " + expected,
                    "Make " + type.getName() + " implement " + expected + ", or set '" + property
                            + "' to a class that does.",
                    property, null);
        }
        Class<?> declared = ResolvableType.forClass(type).as(Predicate.class).getGeneric(0).resolve();
        if (declared != null && !declared.isAssignableFrom(argument)) {
            String why = argument == Object.class ? "it is called with every result, whatever its type"
                    : "it is called with every exception the call throws";
            throw new ResilienceConfigurationException("Invalid '" + property + "' (" + type.getName()
                    + "): implements Predicate<" + declared.getName() + ">, but must implement " + expected
                    + " (" + why + ")",
                    "Declare " + type.getSimpleName() + " as implementing " + expected + " and test the type"
                            + " inside (for example 'value instanceof " + declared.getSimpleName() + " v && ...').",
                    property, null);
        }
        return (Predicate<?>) instance(property, type);
    }

    private Class<?> load(String property, @Nullable String className, String expected) {
        String name = className == null ? "" : className.trim();
        if (name.isEmpty()) {
            throw new ResilienceConfigurationException("Invalid '" + property + "' (" + className
                    + "): must be the fully qualified name of a class implementing " + expected,
                    "Set '" + property + "' to a fully qualified class name, or remove it.", property, null);
        }
        try {
            return ClassUtils.forName(name, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ResilienceConfigurationException(
                    "Invalid '" + property + "' (" + name + "): no class of that name on the classpath",
                    "Check the spelling of '" + name + "' (a fully qualified class name implementing " + expected
                            + ") and that the jar holding it is on the classpath.",
                    property, e);
        }
    }

    private Object instance(String property, Class<?> type) {
        Object bean = uniqueBean.apply(type);
        if (bean != null) {
            return bean;
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ResilienceConfigurationException("Invalid '" + property + "' (" + type.getName()
                    + "): an interface or abstract class cannot be instantiated, and the context has no single"
                    + " bean of that type",
                    "Set '" + property + "' to a concrete class, or define exactly one bean of type "
                            + type.getName() + ".",
                    property, null);
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            throw new ResilienceConfigurationException("Invalid '" + property + "' (" + type.getName()
                    + "): an inner (non-static) class cannot be instantiated on its own",
                    "Make " + type.getName() + " a static nested or top-level class.", property, null);
        }
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new ResilienceConfigurationException("Invalid '" + property + "' (" + type.getName()
                    + "): has no constructor without arguments, and the context has no single bean of that type",
                    "Give " + type.getName() + " a public no-argument constructor, or define exactly one bean of"
                            + " that type (its constructor can then take what it needs).",
                    property, e);
        }
        try {
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new ResilienceConfigurationException("Invalid '" + property + "' (" + type.getName()
                    + "): its constructor threw " + e.getCause(),
                    "Fix the constructor of " + type.getName() + ".", property, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ResilienceConfigurationException("Invalid '" + property + "' (" + type.getName()
                    + "): cannot be instantiated (" + e + ")",
                    "Give " + type.getName() + " a public no-argument constructor.", property, e);
        }
    }
}
