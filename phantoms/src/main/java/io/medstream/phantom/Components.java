package io.medstream.phantom;

import java.util.ArrayDeque;

/** 4-connected components of a binary mask (row-major). */
public final class Components {

    private Components() {}

    /**
     * Box of the largest 4-connected component, skimage {@code regionprops} style.
     *
     * @return {x0,y0,x1,y1} = {minCol, minRow, maxCol+1, maxRow+1}, or null for an empty mask
     */
    public static int[] largestComponentBox(boolean[] mask, int rows, int cols) {
        int[] label = new int[mask.length];
        int bestArea = 0;
        int[] best = null;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || label[start] != 0) {
                continue;
            }
            next++;
            label[start] = next;
            queue.add(start);
            int area = 0;
            int minR = rows;
            int minC = cols;
            int maxR = -1;
            int maxC = -1;
            while (!queue.isEmpty()) {
                int p = queue.poll();
                int r = p / cols;
                int c = p % cols;
                area++;
                minR = Math.min(minR, r);
                maxR = Math.max(maxR, r);
                minC = Math.min(minC, c);
                maxC = Math.max(maxC, c);
                if (r > 0) visit(mask, label, queue, p - cols, next);
                if (r < rows - 1) visit(mask, label, queue, p + cols, next);
                if (c > 0) visit(mask, label, queue, p - 1, next);
                if (c < cols - 1) visit(mask, label, queue, p + 1, next);
            }
            if (area > bestArea) {
                bestArea = area;
                best = new int[] {minC, minR, maxC + 1, maxR + 1};
            }
        }
        return best;
    }

    private static void visit(boolean[] mask, int[] label, ArrayDeque<Integer> q, int p, int id) {
        if (mask[p] && label[p] == 0) {
            label[p] = id;
            q.add(p);
        }
    }
}
