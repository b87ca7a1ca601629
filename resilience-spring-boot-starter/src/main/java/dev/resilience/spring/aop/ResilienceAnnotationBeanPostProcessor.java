package dev.resilience.spring.aop;

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
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.lang.reflect.Method;
import java.util.Map;
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
 * <p>Pattern instances are looked up lazily, the first time an annotated bean shows up, so that creating
 * this post-processor early does not create the registries early.
 */
public class ResilienceAnnotationBeanPostProcessor extends ProxyProcessorSupport
        implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware {

    private static final long serialVersionUID = 1L;

    private final transient Function<BeanFactory, PatternInstances> instancesLookup;
    private transient BeanFactory beanFactory;
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

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof AopInfrastructureBean) {
            return bean;
        }
        Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
        if (!MethodPlanner.isAnnotated(targetClass)) {
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

    private MethodPlanner planner() {
        MethodPlanner current = planner;
        if (current == null) {
            synchronized (this) {
                current = planner;
                if (current == null) {
                    current = new MethodPlanner(instancesLookup.apply(beanFactory), beanFactory);
                    planner = current;
                }
            }
        }
        return current;
    }
}
