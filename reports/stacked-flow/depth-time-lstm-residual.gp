# Redraws depth-time-lstm-residual.svg from the CSV data alone. Run in this folder: gnuplot depth-time-lstm-residual.gp
# Writes depth-time-lstm-residual-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "depth-time-lstm-residual-gnuplot.svg"
set title "lstm, 8 layers, residual: log10 ‖∂L/∂h_t^(l)‖" noenhanced
set xlabel "layer l" noenhanced
set ylabel "step t" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0" 0.0, "20" 20.0, "40" 40.0, "60" 60.0, "80" 80.0, "100" 100.0)
set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')
set cblabel "log10 ‖∂L/∂h_t^(l)‖" noenhanced
set xrange [0.0:7.0]
set yrange [0.0:100.0]
plot "stacked_norms.csv" using (column("layer")):(column("t")):(strcol("cell") eq "lstm" && strcol("residual") eq "true" && strcol("layers") eq "8" && strcol("seed") eq "1" ? column("grad_h_log10") : 1/0) with image notitle
