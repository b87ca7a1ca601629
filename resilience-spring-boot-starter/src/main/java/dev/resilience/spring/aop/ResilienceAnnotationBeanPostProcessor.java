package dev.resilience.spring.aop;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.ProxyProcessorSupport;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.SmartInstantiationAwareBeanPostProcessor;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds beans whose classes carry resilience annotations, plans every annotated method once (see
 * {@link MethodPlanner}) and advises the bean with one {@link ResilienceMethodInterceptor}.
 *
 * <p>A bean that is already a Spring AOP proxy (for example because of {@code @Transactional}) gets our
 * advisor in front of the existing ones, so a retry wraps the whole transaction and each attempt gets a fresh
 * one. Other beans get a new proxy: class-based unless {@code spring.aop.proxy-target-class=false}, as Spring
 * Boot does for its own proxies.
 *
 * <p>An interface proxy without a target, such as an HTTP interface client ({@code @HttpExchange} methods,
 * made by {@code HttpServiceProxyFactory} and registered by {@code @ImportHttpServices}), is planned from its
 * annotated interface and gets our advisor in front of the one that sends the request; its {@code default}
 * methods can be fallbacks and are called on the proxy.
 *
 * <p>Which annotations count is the pattern descriptors' affair ({@link PatternInstances#descriptors()}): they
 * are looked up when the first bean is processed, and the beans created while they are looked up (the
 * descriptors and what they depend on) are not planned. Pattern instances and the order are looked up lazily,
 * the first time an annotated bean shows up, so that creating this post-processor early does not create the
 * registries early.
 */
public class ResilienceAnnotationBeanPostProcessor extends ProxyProcessorSupport
        implements SmartInstantiationAwareBeanPostProcessor, BeanFactoryAware, EnvironmentAware {

    private static final long serialVersionUID = 1L;

    private final transient Function<BeanFactory, PatternInstances> instancesLookup;
    private transient BeanFactory beanFactory;
    private transient volatile @Nullable PatternInstances instances;
    private transient volatile @Nullable Set<Class<? extends Annotation>> annotationTypes;
    private transient boolean resolving;
    private transient volatile MethodPlanner planner;

    /**
     * @param instancesLookup how to get the pattern instances from the bean factory, called once, when the
     *        first annotated bean is processed
     */
    public ResilienceAnnotationBeanPostProcessor(Function<BeanFactory, PatternInstances> instancesLookup) {
        this.instancesLookup = instancesLookup;
        setProxyTargetClass(true);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        setProxyTargetClass(environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true));
    }

    /**
     * While the application is processed ahead of time (Spring AOT), an annotated bean's type is its proxy
     * class, as Spring's own advising post-processors report it: the build then generates that CGLIB class,
     * which a native image cannot do at run time. The proxy's shape (which methods are advised) is the one the
     * bean gets at run time: its annotated methods. Outside AOT processing the bean's own class is returned,
     * so a normal start generates no proxy class twice.
     */
    @Override
    public Class<?> determineBeanType(Class<?> beanClass, String beanName) {
        if (!Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING) || !isProxyTargetClass()
                || AopInfrastructureBean.class.isAssignableFrom(beanClass) || Proxy.isProxyClass(beanClass)
                || beanClass.isInterface() || !isAnnotated(beanClass)) {
            return beanClass;
        }
        ProxyFactory proxyFactory = new ProxyFactory();
        proxyFactory.copyFrom(this);
        proxyFactory.setTargetClass(beanClass);
        proxyFactory.addAdvisor(new DefaultPointcutAdvisor(new StaticMethodMatcherPointcut() {
            @Override
            public boolean matches(Method method, Class<?> type) {
                return !MethodPlanner.Annotations.of(AopUtils.getMostSpecificMethod(method, beanClass), beanClass,
                        annotationTypes()).isEmpty();
            }
        }, new ResilienceMethodInterceptor(beanClass, Map.of())));
        return proxyFactory.getProxyClass(getProxyClassLoader());
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof AopInfrastructureBean) {
            return bean;
        }
        Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
        if (Proxy.isProxyClass(targetClass) && bean instanceof Advised advised) {
            // An interface proxy without a target class, such as an HTTP interface client made by
            // HttpServiceProxyFactory: the annotations are on its interface, which is what we plan.
            targetClass = annotatedInterface(advised, beanName);
            if (targetClass == null) {
                return bean;
            }
        }
        if (!isAnnotated(targetClass)) {
            return bean;
        }
        boolean addToExisting = bean instanceof Advised advised && !advised.isFrozen() && AopUtils.isAopProxy(bean);
        ProxyFactory proxyFactory = null;
        boolean interfaceProxy;
        if (addToExisting) {
            interfaceProxy = AopUtils.isJdkDynamicProxy(bean);
        } else {
            proxyFactory = new ProxyFactory();
            proxyFactory.copyFrom(this);
            proxyFactory.setTarget(bean);
            if (!proxyFactory.isProxyTargetClass()) {
                evaluateProxyInterfaces(bean.getClass(), proxyFactory);
            }
            interfaceProxy = !proxyFactory.isProxyTargetClass();
        }
        Map<Method, MethodPlan> plans = planner().plan(beanName, targetClass, interfaceProxy);
        if (plans.isEmpty()) {
            return bean;
        }
        ResilienceMethodInterceptor interceptor = new ResilienceMethodInterceptor(targetClass, plans);
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new StaticMethodMatcherPointcut() {
            @Override
            public boolean matches(Method method, Class<?> type) {
                return interceptor.covers(method);
            }
        }, interceptor);
        if (addToExisting) {
            ((Advised) bean).addAdvisor(0, advisor);
            return bean;
        }
        proxyFactory.addAdvisor(advisor);
        return proxyFactory.getProxy(getProxyClassLoader());
    }

    /**
     * The one proxied interface that carries resilience annotations, or {@code null} if none does.
     *
     * @throws InvalidResilienceAnnotationException when several do (one interceptor plans one type)
     */
    private Class<?> annotatedInterface(Advised advised, String beanName) {
        Class<?> found = null;
        for (Class<?> type : advised.getProxiedInterfaces()) {
            if (isAnnotated(type)) {
                if (found != null) {
                    throw new InvalidResilienceAnnotationException(beanName, type, List.of("the proxy without a"
                            + " target implements two interfaces with resilience annotations, " + found.getName()
                            + " and " + type.getName() + "; expected at most one"));
                }
                found = type;
            }
        }
        return found;
    }

    private boolean isAnnotated(Class<?> type) {
        return MethodPlanner.isAnnotated(type, annotationTypes());
    }

    /** The descriptors' annotations; empty while the descriptors themselves are being created. */
    private Set<Class<? extends Annotation>> annotationTypes() {
        Set<Class<? extends Annotation>> current = annotationTypes;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (annotationTypes != null) {
                return annotationTypes;
            }
            if (resolving) {
                return Set.of();
            }
            resolving = true;
            try {
                PatternInstances found = instancesLookup.apply(beanFactory);
                current = MethodPlanner.annotationTypes(found.descriptors());
                instances = found;
                annotationTypes = current;
                return current;
            } finally {
                resolving = false;
            }
        }
    }

    private MethodPlanner planner() {
        MethodPlanner current = planner;
        if (current == null) {
            annotationTypes();
            synchronized (this) {
                current = planner;
                if (current == null) {
                    current = new MethodPlanner(instances);
                    planner = current;
                }
            }
        }
        return current;
    }
}
