# Redraws ff-architectures.svg from the CSV data alone. Run in this folder: gnuplot ff-architectures.gp
# Writes ff-architectures-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "ff-architectures-gnuplot.svg"
set title "Residual, highway and dense against plain (tanh, normalised init), depth 100" noenhanced
set xlabel "layer l (0: bottom)" noenhanced
set ylabel "‖∂L/∂z_l‖ / ‖∂L/∂z_top‖" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-4" -4.0, "1e-2" -2.0, "1e0" 0.0, "1e2" 2.0)
set yrange [-5.513332097698804:3.136551646158508]
plot "ff_layers.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "plain" && strcol("depth") eq "100" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("layer_l") : 1/0):(column("relative_grad_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 17 lc rgb "#0072B2" title "plain, tanh, normalised", \
     "ff_layers.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "residual" && strcol("depth") eq "100" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("layer_l") : 1/0):(column("relative_grad_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 17 lc rgb "#D55E00" title "residual, tanh, normalised", \
     "ff_layers.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "highway" && strcol("depth") eq "100" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("layer_l") : 1/0):(column("relative_grad_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 17 lc rgb "#009E73" title "highway, tanh, normalised", \
     "ff_layers.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "dense" && strcol("depth") eq "100" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("layer_l") : 1/0):(column("relative_grad_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 17 lc rgb "#CC79A7" title "dense, tanh, normalised"
