package dev.resilience.spring.boot.autoconfigure;

import java.util.List;

import dev.resilience.spring.aop.PatternInstances;
import dev.resilience.spring.aop.PipelineDecorator;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

/**
 * The annotations' view of the context: the {@link PatternDescriptor} beans (each builds its layers from its
 * registry, so an annotation's {@code name} is the registry instance of that name and registries the
 * application defines itself are used too), the {@link AspectOrder} bean and the {@link PipelineDecorator}
 * beans. The order and the decorators are looked up when the first annotated bean is planned.
 */
final class RegistryPatternInstances implements PatternInstances {

    private final BeanFactory beanFactory;
    private final List<PatternDescriptor<?, ?>> descriptors;
    private volatile @Nullable List<PipelineDecorator> decorators;

    RegistryPatternInstances(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.descriptors = descriptors(beanFactory);
    }

    /** The descriptor beans, in bean order. */
    static List<PatternDescriptor<?, ?>> descriptors(BeanFactory beanFactory) {
        return beanFactory.getBeanProvider(PatternDescriptor.class).orderedStream()
                .<PatternDescriptor<?, ?>>map(descriptor -> descriptor).toList();
    }

    @Override
    public List<PatternDescriptor<?, ?>> descriptors() {
        return descriptors;
    }

    @Override
    public List<String> order() {
        return beanFactory.getBeanProvider(AspectOrder.class)
                .getIfAvailable(() -> AspectOrder.of(List.of(), descriptors)).keys();
    }

    @Override
    public List<Layer> decorate(String method, List<Layer> layers) {
        List<PipelineDecorator> current = decorators;
        if (current == null) {
            current = beanFactory.getBeanProvider(PipelineDecorator.class).orderedStream().toList();
            decorators = current;
        }
        List<Layer> decorated = layers;
        for (PipelineDecorator decorator : current) {
            decorated = List.copyOf(decorator.decorate(method, decorated));
        }
        return decorated;
    }
}
