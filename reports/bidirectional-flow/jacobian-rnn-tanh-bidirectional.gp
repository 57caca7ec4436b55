# Redraws jacobian-rnn-tanh-bidirectional.svg from the CSV data alone. Run in this folder: gnuplot jacobian-rnn-tanh-bidirectional.gp
# Writes jacobian-rnn-tanh-bidirectional-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "jacobian-rnn-tanh-bidirectional-gnuplot.svg"
set title "rnn-tanh, bidirectional: log10 ‖∂y_t/∂x_s‖ (blank: exactly 0)" noenhanced
set xlabel "output step t" noenhanced
set ylabel "input step s" noenhanced
set key outside right top noenhanced
set grid
set ytics ("10" 10.0, "20" 20.0, "30" 30.0, "40" 40.0)
set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')
set cblabel "log10 ‖∂y_t/∂x_s‖" noenhanced
set xrange [1.0:40.0]
set yrange [1.0:40.0]
plot "sequential_jacobian.csv" using (column("t")):(column("s")):(strcol("cell") eq "rnn-tanh" && strcol("directions") eq "2" && strcol("seed") eq "1" ? column("jacobian_log10") : 1/0) with image notitle
