/**
 * Container images built without a Docker engine: reproducible layers ({@link io.kubetron.lab.image.LayerBuilder}),
 * docker-archive tars a runtime imports ({@link io.kubetron.lab.image.DockerArchive}), and the recipes of Kubetron's
 * images ({@link io.kubetron.lab.image.Images}).
 */
package io.kubetron.lab.image;
