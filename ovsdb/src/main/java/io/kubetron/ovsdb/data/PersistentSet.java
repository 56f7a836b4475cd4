package io.kubetron.ovsdb.data;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An immutable hash set whose {@link #plus} and {@link #minus} cost O(log n) and share all untouched structure with
 * the set they came from (a hash array mapped trie), so that {@link #diff} of a set and its successor costs O(change),
 * not O(size). This is how a replica keeps a switch's 10,000-element {@code ports} column current from update2
 * differences without copying it on every change. Elements must not be null. Thread-safe (immutable).
 */
public final class PersistentSet<E> extends AbstractSet<E> {
    private static final int BITS = 5;
    private static final int MASK = (1 << BITS) - 1;
    private static final PersistentSet<?> EMPTY = new PersistentSet<>(Branch.EMPTY, 0);

    private final Branch root;
    private final int size;

    private PersistentSet(Branch root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <E> PersistentSet<E> of() {
        return (PersistentSet<E>) EMPTY;
    }

    /** The elements of {@code c} (null elements are refused); returns {@code c} itself if it is one already. */
    @SuppressWarnings("unchecked")
    public static <E> PersistentSet<E> copyOf(Collection<? extends E> c) {
        if (c instanceof PersistentSet<?> p) {
            return (PersistentSet<E>) p;
        }
        PersistentSet<E> s = of();
        for (E e : c) {
            s = s.plus(e);
        }
        return s;
    }

    /** This set with {@code e}; this very set if it holds {@code e} already. */
    public PersistentSet<E> plus(E e) {
        Objects.requireNonNull(e, "element");
        Branch r = root.plus(e, e.hashCode(), 0);
        return r == root ? this : new PersistentSet<>(r, size + 1);
    }

    /** This set without {@code e}; this very set if it does not hold {@code e}. */
    public PersistentSet<E> minus(Object e) {
        if (e == null) {
            return this;
        }
        Branch r = root.minus(e, e.hashCode(), 0);
        if (r == root) {
            return this;
        }
        return r == null ? of() : new PersistentSet<>(r, size - 1);
    }

    @Override
    public boolean contains(Object o) {
        return o != null && Branch.contains(root, o, o.hashCode(), 0);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<E> iterator() {
        return new Walker<>(root);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super E> action) {
        Branch.forEach(root, (Consumer<Object>) action);
    }

    /**
     * Reports what {@code after} holds that {@code before} does not ({@code added}) and the reverse ({@code removed}).
     * Subtrees the two sets share are skipped, so a set and one made from it by a few {@link #plus}/{@link #minus}
     * compare in O(change x log n); unrelated sets compare in O(n).
     */
    @SuppressWarnings("unchecked")
    public static <E> void diff(
            PersistentSet<? extends E> before,
            PersistentSet<? extends E> after,
            Consumer<? super E> removed,
            Consumer<? super E> added) {
        Branch.diff(before.root, after.root, 0, (Consumer<Object>) removed, (Consumer<Object>) added);
    }

    /** A trie node: the 32 slots of one level, packed by a bitmap; a slot holds an element or a deeper node. */
    private static final class Branch {
        static final Branch EMPTY = new Branch(0, new Object[0]);
        final int bitmap;
        final Object[] slots;

        Branch(int bitmap, Object[] slots) {
            this.bitmap = bitmap;
            this.slots = slots;
        }

        static int index(int hash, int shift) {
            return (hash >>> shift) & MASK;
        }

        int position(int bit) {
            return Integer.bitCount(bitmap & (bit - 1));
        }

        Branch plus(Object e, int hash, int shift) {
            int bit = 1 << index(hash, shift);
            int pos = position(bit);
            if ((bitmap & bit) == 0) {
                Object[] s = new Object[slots.length + 1];
                System.arraycopy(slots, 0, s, 0, pos);
                s[pos] = e;
                System.arraycopy(slots, pos, s, pos + 1, slots.length - pos);
                return new Branch(bitmap | bit, s);
            }
            Object slot = slots[pos];
            Object replaced;
            if (slot instanceof Branch b) {
                replaced = b.plus(e, hash, shift + BITS);
            } else if (slot instanceof Collision c) {
                replaced = c.plus(e);
            } else if (slot.equals(e)) {
                return this;
            } else {
                replaced = pair(slot, slot.hashCode(), e, hash, shift + BITS);
            }
            if (replaced == slot) {
                return this;
            }
            Object[] s = slots.clone();
            s[pos] = replaced;
            return new Branch(bitmap, s);
        }

        /** This node without {@code e}: itself if absent, null if it became empty. */
        Branch minus(Object e, int hash, int shift) {
            int bit = 1 << index(hash, shift);
            if ((bitmap & bit) == 0) {
                return this;
            }
            int pos = position(bit);
            Object slot = slots[pos];
            Object replaced;
            if (slot instanceof Branch b) {
                Branch nb = b.minus(e, hash, shift + BITS);
                if (nb == b) {
                    return this;
                }
                // a node left with one element is that element: the trie stays as shallow as a fresh one
                replaced = nb == null ? null : nb.slots.length == 1 && !isNode(nb.slots[0]) ? nb.slots[0] : nb;
            } else if (slot instanceof Collision c) {
                replaced = c.minus(e);
                if (replaced == c) {
                    return this;
                }
            } else if (slot.equals(e)) {
                replaced = null;
            } else {
                return this;
            }
            if (replaced != null) {
                Object[] s = slots.clone();
                s[pos] = replaced;
                return new Branch(bitmap, s);
            }
            if (slots.length == 1) {
                return null;
            }
            Object[] s = new Object[slots.length - 1];
            System.arraycopy(slots, 0, s, 0, pos);
            System.arraycopy(slots, pos + 1, s, pos, slots.length - pos - 1);
            return new Branch(bitmap & ~bit, s);
        }

        /** A node holding two different elements, as deep as their hashes need. */
        static Object pair(Object a, int ha, Object b, int hb, int shift) {
            if (shift >= Integer.SIZE) {
                return new Collision(new Object[] {a, b});
            }
            int ia = index(ha, shift);
            int ib = index(hb, shift);
            if (ia == ib) {
                return new Branch(1 << ia, new Object[] {pair(a, ha, b, hb, shift + BITS)});
            }
            return new Branch((1 << ia) | (1 << ib), ia < ib ? new Object[] {a, b} : new Object[] {b, a});
        }

        static boolean isNode(Object slot) {
            return slot instanceof Branch || slot instanceof Collision;
        }

        /** Whether the slot (an element, a node or a collision) holds {@code e}; {@code shift} is the slot's level. */
        static boolean contains(Object slot, Object e, int hash, int shift) {
            if (slot instanceof Branch b) {
                int bit = 1 << index(hash, shift);
                return (b.bitmap & bit) != 0 && contains(b.slots[b.position(bit)], e, hash, shift + BITS);
            }
            if (slot instanceof Collision c) {
                return c.contains(e);
            }
            return slot.equals(e);
        }

        static void forEach(Object slot, Consumer<Object> action) {
            if (slot instanceof Branch b) {
                for (Object s : b.slots) {
                    forEach(s, action);
                }
            } else if (slot instanceof Collision c) {
                for (Object e : c.elements) {
                    action.accept(e);
                }
            } else {
                action.accept(slot);
            }
        }

        static void diff(Object a, Object b, int shift, Consumer<Object> removed, Consumer<Object> added) {
            if (a == b) {
                return;
            }
            if (a instanceof Branch x && b instanceof Branch y) {
                int bits = x.bitmap | y.bitmap;
                while (bits != 0) {
                    int bit = Integer.lowestOneBit(bits);
                    bits &= ~bit;
                    boolean inX = (x.bitmap & bit) != 0;
                    boolean inY = (y.bitmap & bit) != 0;
                    if (inX && inY) {
                        diff(x.slots[x.position(bit)], y.slots[y.position(bit)], shift + BITS, removed, added);
                    } else if (inX) {
                        forEach(x.slots[x.position(bit)], removed);
                    } else {
                        forEach(y.slots[y.position(bit)], added);
                    }
                }
                return;
            }
            // an element against a subtree (or two collisions): small, compare element by element
            forEach(a, e -> {
                if (!contains(b, e, e.hashCode(), shift)) {
                    removed.accept(e);
                }
            });
            forEach(b, e -> {
                if (!contains(a, e, e.hashCode(), shift)) {
                    added.accept(e);
                }
            });
        }
    }

    /** Elements whose 32-bit hashes are all equal, below the trie's last level. */
    private record Collision(Object[] elements) {
        boolean contains(Object e) {
            for (Object x : elements) {
                if (x.equals(e)) {
                    return true;
                }
            }
            return false;
        }

        Collision plus(Object e) {
            if (contains(e)) {
                return this;
            }
            Object[] s = java.util.Arrays.copyOf(elements, elements.length + 1);
            s[elements.length] = e;
            return new Collision(s);
        }

        /** Without {@code e}: itself if absent, the last element alone if one is left. */
        Object minus(Object e) {
            for (int i = 0; i < elements.length; i++) {
                if (elements[i].equals(e)) {
                    if (elements.length == 2) {
                        return elements[1 - i];
                    }
                    Object[] s = new Object[elements.length - 1];
                    System.arraycopy(elements, 0, s, 0, i);
                    System.arraycopy(elements, i + 1, s, i, elements.length - i - 1);
                    return new Collision(s);
                }
            }
            return this;
        }
    }

    /** Depth-first iteration with an explicit stack (the trie is at most 8 levels deep). */
    private static final class Walker<E> implements Iterator<E> {
        private final Object[][] nodes = new Object[9][];
        private final int[] next = new int[9];
        private int depth;

        Walker(Branch root) {
            nodes[0] = root.slots;
        }

        @Override
        public boolean hasNext() {
            while (depth >= 0) {
                Object[] level = nodes[depth];
                if (next[depth] >= level.length) {
                    depth--;
                    continue;
                }
                Object slot = level[next[depth]];
                if (slot instanceof Branch b) {
                    next[depth]++;
                    depth++;
                    nodes[depth] = b.slots;
                    next[depth] = 0;
                } else if (slot instanceof Collision c) {
                    next[depth]++;
                    depth++;
                    nodes[depth] = c.elements;
                    next[depth] = 0;
                } else {
                    return true;
                }
            }
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public E next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return (E) nodes[depth][next[depth]++];
        }
    }
}
